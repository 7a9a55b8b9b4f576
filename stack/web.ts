import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { isListening } from './ports';

const ROOT = path.resolve(__dirname, '..');
const WEB_DIR = path.join(ROOT, 'web');
const NEXT_BIN = require.resolve('next/dist/bin/next');
/** What the web build is made of; a change to any of them needs a new build. */
const SOURCES = ['web', 'contracts', 'workflows/types.ts', 'package-lock.json'];
const IGNORED = new Set(['.next', 'node_modules', 'next-env.d.ts']);
const STAMP = path.join(WEB_DIR, '.next', 'opad-sources.sha256');
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1' };

function hashTree(hash: ReturnType<typeof createHash>, file: string): void {
  if (fs.statSync(file).isDirectory()) {
    for (const entry of fs.readdirSync(file).sort()) {
      if (!IGNORED.has(entry)) hashTree(hash, path.join(file, entry));
    }
    return;
  }
  hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) hashTree(hash, path.join(ROOT, source));
  return hash.digest('hex');
}

/** Builds the Next.js app unless the last build was made from the same sources. */
export async function buildWeb(log: (line: string) => void = () => {}): Promise<void> {
  const hash = sourcesHash();
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash) return;
  log('opad: building the web UI (once per change; about 15 s)...');
  try {
    await promisify(execFile)(process.execPath, [NEXT_BIN, 'build', WEB_DIR], {
      cwd: ROOT,
      env: { ...process.env, ...NEXT_ENV },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the web build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  fs.writeFileSync(STAMP, hash);
}

export interface WebOptions {
  port: number;
  apiUrl: string;
  temporalUiUrl?: string;
  temporalNamespace?: string;
  /** Shown on every page, e.g. that the demo model stands in for a real one. */
  providersNotice?: string;
  logFile: string;
}

/** `next start` for the built app, as its own process: the web role. */
export async function startWeb(options: WebOptions): Promise<ManagedProcess & { url: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...NEXT_ENV,
    NODE_ENV: 'production',
    OPAD_API_URL: options.apiUrl,
  };
  if (options.temporalUiUrl) env.TEMPORAL_UI_URL = options.temporalUiUrl;
  if (options.temporalNamespace) env.TEMPORAL_NAMESPACE = options.temporalNamespace;
  if (options.providersNotice) env.OPAD_PROVIDERS_NOTICE = options.providersNotice;
  const web = await startManagedProcess({
    name: 'opad web',
    command: process.execPath,
    args: [NEXT_BIN, 'start', WEB_DIR, '--port', String(options.port), '--hostname', '127.0.0.1'],
    cwd: ROOT,
    env,
    logFile: options.logFile,
    // next start serves from a child process of its own.
    processGroup: true,
    ready: () => isListening(options.port),
    readyTimeoutMs: 60_000,
  });
  return Object.assign(web, { url: `http://127.0.0.1:${options.port}` });
}
