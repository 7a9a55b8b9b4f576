import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startManagedProcess } from './managed-process';
import { freePort, retryOnPortRace } from './ports';
import {
  canEnter,
  type PostgresInstall,
  postgresInstall,
  type RunAs,
  unreachableMessage,
} from './postgres-install';

export interface PostgresHandle {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Folder for the cluster's files; created and, as root, handed to the `postgres` user. */
  dataDir: string;
  port?: number;
  database?: string;
  logFile?: string;
}

const USER = 'opad';
const PASSWORD = 'opad';

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function acceptsLogins(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Hands a folder opad created to the user PostgreSQL runs as. */
function handOver(dir: string, runAs: RunAs | undefined): void {
  if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);
}

/** Creates the cluster: UTF-8 with Unicode-aware case rules whatever the machine's locales, and a password. */
async function initialise(install: PostgresInstall, dataDir: string, logFile: string): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  handOver(dataDir, install.runAs);
  // initdb reads the password from a file; only the user it runs as may read it.
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opad-initdb-'));
  const passwordFile = path.join(secretDir, 'password');
  try {
    fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    handOver(secretDir, install.runAs);
    handOver(passwordFile, install.runAs);
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ];
    const { stdout, stderr } = await promisify(execFile)(path.join(install.binDir, 'initdb'), args, {
      ...install.runAs,
      env: { ...process.env, LC_ALL: 'C' },
    }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`initdb could not create ${dataDir}: ${error.stderr?.trim() || error.message}`);
    });
    fs.appendFileSync(logFile, stdout + stderr);
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true });
  }
}

/**
 * Starts embedded PostgreSQL on a free port and makes sure the database exists. Another process may take the
 * free port before PostgreSQL binds it; then it starts again on a new one.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const install = postgresInstall();
  const dataDir = path.resolve(options.dataDir);
  // Checked up front: a server that cannot reach its data fails with a cryptic EACCES or not at all.
  if (install.runAs && !canEnter(path.dirname(dataDir), install.runAs)) {
    throw new Error(unreachableMessage(path.dirname(dataDir)));
  }
  const logFile = options.logFile ?? path.join(path.dirname(dataDir), 'postgres.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(install, dataDir, logFile);
  return retryOnPortRace(
    async () => startServer(install, dataDir, logFile, options, options.port ?? (await freePort())),
    options.port === undefined,
  );
}

async function startServer(
  install: PostgresInstall,
  dataDir: string,
  logFile: string,
  options: PostgresOptions,
  port: number,
): Promise<PostgresHandle> {
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  const server = await startManagedProcess({
    name: `PostgreSQL on port ${port}`,
    command: path.join(install.binDir, 'postgres'),
    args: [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    env: { ...process.env, LC_ALL: 'C' },
    runAs: install.runAs,
    logFile,
    ready: () => acceptsLogins(`${base}/postgres`),
    // Fast shutdown: open sessions are ended, and the next start needs no recovery.
    stopSignal: 'SIGINT',
  });
  const database = options.database ?? 'opad';
  try {
    await ensureDatabase(`${base}/postgres`, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: `${base}/${database}`, pid: server.pid, stop: () => server.stop() };
}
