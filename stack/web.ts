import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { isListening } from './ports';

const ROOT = path.resolve(__dirname, '..');
const WEB_DIR = path.join(ROOT, 'web');
const NEXT_BIN = require.resolve('next/dist/bin/next');
/** The web role's own server: Next.js behind the rewrite of the forwarding headers. */
const WEB_SERVER = path.join(WEB_DIR, 'server.ts');
/** What the web build is made of; a change to any of them needs a new build. */
const SOURCES = ['web', 'contracts', 'workflows/types.ts', 'package-lock.json'];
const IGNORED = new Set(['.next', 'node_modules', 'next-env.d.ts', '.build.lock']);
const BUILD_LOCK = path.join(WEB_DIR, '.build.lock');
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

const isBuilt = (hash: string) => fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash;

/**
 * Builds the Next.js app unless the last build was made from the same sources. Test files and `npm start` may
 * ask at the same moment, so one build runs at a time and the others wait for it.
 */
export async function buildWeb(log: (line: string) => void = () => {}): Promise<void> {
  const hash = sourcesHash();
  if (isBuilt(hash)) return;
  const release = await lockfile.lock(WEB_DIR, {
    lockfilePath: BUILD_LOCK,
    stale: 60_000,
    retries: { retries: 300, minTimeout: 1_000, maxTimeout: 1_000 },
  });
  try {
    if (isBuilt(hash)) return;
    log('opad: building the web UI (once per change; about 15 s)...');
    await promisify(execFile)(process.execPath, [NEXT_BIN, 'build', WEB_DIR], {
      cwd: ROOT,
      env: { ...process.env, ...NEXT_ENV },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`the web build failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    fs.writeFileSync(STAMP, hash);
  } finally {
    await release();
  }
}

export interface WebOptions {
  port: number;
  apiUrl: string;
  /** Shown on every page, e.g. that the demo model stands in for a real one. */
  providersNotice?: string;
  /** WEB_TRUSTED_PROXIES: proxies in front of the web whose X-Forwarded-For it believes; none by default. */
  trustedProxies?: string;
  /** OPAD_WEB_HTTPS: browsers reach the web over https (a __Host- cookie and HSTS). */
  https?: boolean;
  logFile: string;
}

/** The built app behind web/server.ts, as its own process: the web role. */
export async function startWeb(options: WebOptions): Promise<ManagedProcess & { url: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...NEXT_ENV,
    NODE_ENV: 'production',
    OPAD_API_URL: options.apiUrl,
  };
  if (options.providersNotice) env.OPAD_PROVIDERS_NOTICE = options.providersNotice;
  if (options.trustedProxies) env.WEB_TRUSTED_PROXIES = options.trustedProxies;
  if (options.https) env.OPAD_WEB_HTTPS = 'true';
  const web = await startManagedProcess({
    name: 'opad web',
    command: process.execPath,
    args: ['--import', 'tsx', WEB_SERVER, '--port', String(options.port), '--hostname', '127.0.0.1'],
    cwd: ROOT,
    env,
    logFile: options.logFile,
    // Next.js may serve from child processes of its own.
    processGroup: true,
    ready: () => isListening(options.port),
    readyTimeoutMs: 60_000,
  });
  return Object.assign(web, { url: `http://127.0.0.1:${options.port}` });
}
