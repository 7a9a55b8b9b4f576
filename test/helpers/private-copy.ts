import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_DIR } from '../../stack/postgres-install';

export interface PrivateCopy {
  /** A fresh folder only its owner may enter, as `mktemp -d` and a home folder are. */
  home: string;
  /** The project inside it, with its node_modules and web build. */
  clone: string;
  /** The modes of `home` and every folder above it, to show that nothing changed them. */
  modesAbove(): Record<string, string>;
  remove(): void;
}

/** The files of the checkout (tracked and new, not ignored) plus node_modules and the web build. */
function projectEntries(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  });
  const files = listed.split('\0').filter((file) => file && fs.existsSync(file));
  return [...files, 'node_modules', path.join('web', '.next')];
}

/** Hard links where the file system allows them (about a second for node_modules), copies where not. */
function copyInto(target: string, entries: string[]): void {
  try {
    execFileSync('cp', ['-al', '--parents', ...entries, target], { stdio: 'pipe' });
  } catch {
    execFileSync('cp', ['-a', '--parents', ...entries, target], { stdio: 'pipe' });
  }
}

function modesAbove(dir: string): Record<string, string> {
  const modes: Record<string, string> = {};
  for (let folder = dir; ; folder = path.dirname(folder)) {
    modes[folder] = (fs.statSync(folder).mode & 0o7777).toString(8);
    if (folder === path.dirname(folder)) return modes;
  }
}

/** The database folders that opad moved under SYSTEM_DIR for clones inside `home`. */
export function relocatedDataOf(home: string): string[] {
  const root = path.join(SYSTEM_DIR, 'data');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((name) => path.join(root, name))
    .filter((dir) => {
      const origin = path.join(dir, 'ORIGIN');
      return fs.existsSync(origin) && fs.readFileSync(origin, 'utf8').startsWith(home);
    });
}

/** Copies the project into a private folder; the web must be built first, so that the copy needs no build. */
export function copyProjectIntoPrivateFolder(): PrivateCopy {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'opad-private-'));
  const clone = path.join(home, 'opad');
  fs.mkdirSync(clone);
  copyInto(clone, projectEntries());
  return {
    home,
    clone,
    modesAbove: () => modesAbove(home),
    remove: () => {
      for (const dir of relocatedDataOf(home)) fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
