import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { freePort, isListening, retryOnPortRace } from './ports';
import { ensureTool } from './tools';

export interface TemporalDevServerOptions {
  dataDir: string;
  port?: number;
  /** Web UI port; ignored when headless. */
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
}

export interface TemporalDevServer {
  address: string;
  namespace: string;
  /** Undefined when headless. */
  uiUrl?: string;
  /** The process, when opad spawned the binary itself (not the SDK-download fallback). */
  process?: ManagedProcess;
  stop(): Promise<void>;
}

const searchAttributeFlags = Object.values(SEARCH_ATTRIBUTES).flatMap((key) => [
  '--search-attribute',
  `${key.name}=Keyword`,
]);

/** `--ui-disable-news-fetch` exists only in newer CLI releases than the pinned v1.5.1. */
function supportsFlag(binary: string, flag: string): boolean {
  try {
    return execFileSync(binary, ['server', 'start-dev', '--help'], { encoding: 'utf8' }).includes(flag);
  } catch {
    return false;
  }
}

/**
 * The SQLite file in WAL mode with synchronous=NORMAL, the setting SQLite advises for WAL: a crash of the server
 * loses nothing; a power cut or an OS crash may lose the last transactions before a checkpoint (never corrupts the
 * file). The default (a rollback journal, synchronous=FULL) fsyncs every commit twice.
 */
const SQLITE_PRAGMA_FLAGS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];

async function answersRpc(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

/**
 * The Temporal CLI dev server on free ports, persisting to a SQLite file under `dataDir`. The CLI also picks
 * free ports of its own (HTTP API, metrics); when another process takes one first, it starts again on new ports.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  return retryOnPortRace(() => startOnce(options), options.port === undefined);
}

async function startOnce(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const location = await ensureTool('temporal');
  const port = options.port ?? (await freePort());
  const uiPort = options.headless ? undefined : (options.uiPort ?? (await freePort()));
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;
  const uiUrl = uiPort ? `http://127.0.0.1:${uiPort}` : undefined;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const dbFilename = path.join(options.dataDir, 'temporal.sqlite');

  if (location.kind === 'sdk-download') {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download', downloadDir: location.downloadDir },
        ip: '127.0.0.1',
        port,
        ui: Boolean(uiPort),
        uiPort,
        dbFilename,
        namespace,
        searchAttributes: Object.values(SEARCH_ATTRIBUTES),
        extraArgs: SQLITE_PRAGMA_FLAGS,
      },
    });
    return { address, namespace, uiUrl, stop: () => env.teardown() };
  }

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    dbFilename,
    ...SQLITE_PRAGMA_FLAGS,
  ];
  args.push('--namespace', namespace, ...searchAttributeFlags, '--log-level', 'warn');
  args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
  if (supportsFlag(location.path, '--ui-disable-news-fetch')) args.push('--ui-disable-news-fetch');
  const managed = await startManagedProcess({
    name: 'temporal dev server',
    command: location.path,
    args,
    logFile: path.join(options.dataDir, 'temporal.log'),
    ready: async () => (await isListening(port)) && (await answersRpc(address, namespace)),
  });
  return { address, namespace, uiUrl, process: managed, stop: () => managed.stop() };
}
