import fs from 'node:fs';
import { aptInstall, isRoot } from './apt';

const CHROMIUM = '/usr/bin/chromium';
/**
 * A font with Chinese, Japanese and Korean characters (WenQuanYi Micro Hei, 5 MB): without one, Chromium draws
 * the reader's CJK articles as boxes in the tests' screenshots.
 */
const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/**
 * Debian's Chromium, for the browser tests: installed with apt-get when missing (this needs root), since
 * Playwright's own browser download does not work offline. A CJK font comes with it where it can be installed.
 */
export async function ensureChromium(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  if (!fs.existsSync(CHROMIUM)) {
    if (!isRoot()) {
      throw new Error(`Chromium is missing: run \`sudo apt-get install chromium\`, or set CHROMIUM_PATH.`);
    }
    await aptInstall(['chromium']);
  }
  // Only the screenshots of CJK text need the font: a failed install leaves them with boxes, nothing more.
  if (!fs.existsSync(CJK_FONT) && isRoot()) await aptInstall([CJK_FONT_PACKAGE]).catch(() => {});
  return CHROMIUM;
}
