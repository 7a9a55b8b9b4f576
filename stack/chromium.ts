import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

/**
 * Debian's Chromium, for the browser tests: installed with apt-get when missing (this needs root), since
 * Playwright's own browser download does not work offline.
 */
export async function ensureChromium(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing: run \`sudo apt-get install chromium\`, or set CHROMIUM_PATH.`);
  }
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  try {
    await install();
  } catch {
    // Package lists on a fresh machine may be missing or stale.
    await run('apt-get', ['update'], { maxBuffer: 64 * 1024 * 1024 });
    await install();
  }
  return CHROMIUM;
}
