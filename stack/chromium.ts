import fs from 'node:fs';
import { aptInstall, isRoot } from './apt';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, for the browser tests: installed with apt-get when missing (this needs root), since
 * Playwright's own browser download does not work offline.
 */
export async function ensureChromium(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  if (!isRoot()) {
    throw new Error(`Chromium is missing: run \`sudo apt-get install chromium\`, or set CHROMIUM_PATH.`);
  }
  await aptInstall(['chromium']);
  return CHROMIUM;
}
