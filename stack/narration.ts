import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { NarrationSettings } from '../config/env';
import { aptInstall, isRoot } from './apt';

const run = promisify(execFile);
const PACKAGES = ['espeak-ng', 'opus-tools'];

/** The first line a program prints for --version, or undefined when it cannot run. */
async function versionOf(command: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(command, ['--version']);
    return stdout.split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

const ready = (espeakVersion: string) =>
  `espeak-ng ${espeakVersion.match(/\d+\.\d+(\.\d+)?/)?.[0] ?? ''} to Ogg Opus (offline)`;

/**
 * The offline narration needs Debian's espeak-ng and opus-tools: installed with apt-get when missing and this
 * runs as root. Without them, articles are published without audio and the job says why; nothing fails.
 */
export async function ensureNarration(settings: NarrationSettings): Promise<string> {
  const present = async () => Promise.all([versionOf(settings.espeak), versionOf(settings.opusenc)]);
  let [espeak, opusenc] = await present();
  if (espeak && opusenc) return ready(espeak);
  const defaults = settings.espeak === 'espeak-ng' && settings.opusenc === 'opusenc';
  if (!defaults) return `missing ${espeak ? settings.opusenc : settings.espeak}; articles get no audio`;
  if (!isRoot()) return `missing: run \`sudo apt-get install ${PACKAGES.join(' ')}\`; articles get no audio`;
  try {
    await aptInstall(PACKAGES);
  } catch (error) {
    return `apt-get failed (${(error as Error).message.split('\n')[0]}); articles get no audio`;
  }
  [espeak, opusenc] = await present();
  return espeak && opusenc ? ready(espeak) : 'still missing after apt-get; articles get no audio';
}
