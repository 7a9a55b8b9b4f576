import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** apt-get takes dpkg's lock: installs asked for at the same time (dictionaries, narration) run one by one. */
let queue: Promise<unknown> = Promise.resolve();

/** Installs Debian packages with apt-get (this needs root), refreshing stale or missing package lists once. */
export function aptInstall(packages: string[]): Promise<void> {
  const next = queue.then(() => installNow(packages));
  queue = next.catch(() => {});
  return next;
}

async function installNow(packages: string[]): Promise<void> {
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  try {
    await install();
  } catch {
    await run('apt-get', ['update'], { maxBuffer: 64 * 1024 * 1024 });
    await install();
  }
}

export const isRoot = () => process.getuid?.() === 0;
