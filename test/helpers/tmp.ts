import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh folder under the system temp dir; tests remove it in afterAll. Others may pass through it but not
 * list it, so that a PostgreSQL data folder inside is reachable by the `postgres` user when tests run as root.
 */
export function makeTempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `opad-${label}-`));
  fs.chmodSync(dir, 0o711);
  return dir;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
