import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres } from '../../stack/postgres';
import { embeddedDataDir, SYSTEM_DIR } from '../../stack/postgres-install';
import { relocatedDataOf } from '../helpers/private-copy';

// PostgreSQL refuses to run as root; these are the cases where opad runs it as the `postgres` user instead.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

asRoot('embedded PostgreSQL as root', () => {
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'opad-private-'));
  });

  afterEach(() => {
    for (const dir of relocatedDataOf(home)) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('a data folder the postgres user cannot reach fails at once, with the cause and the fix', async () => {
    await expect(startPostgres({ dataDir: path.join(home, 'pg') })).rejects.toThrow(
      new RegExp(`cannot enter ${home} [\\s\\S]*Fix: put the data folder where that user can reach it`),
    );
    expect((fs.statSync(home).mode & 0o777).toString(8)).toBe('700');
  });

  test('a clone in a private folder gets its database under /var/lib/opad, the same one each time', async () => {
    const preferred = path.join(home, 'clone', '.data', 'postgres');
    const dataDir = embeddedDataDir(preferred);
    expect(dataDir.startsWith(`${SYSTEM_DIR}/data/`)).toBe(true);
    expect(embeddedDataDir(preferred)).toBe(dataDir);

    const first = await startPostgres({ dataDir, logFile: path.join(home, 'postgres.log') });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (word text)');
    await client.query(`INSERT INTO kept VALUES ('ÉNERGIE Solaire')`);
    await client.end();
    await first.stop();

    const again = await startPostgres({
      dataDir: embeddedDataDir(preferred),
      logFile: path.join(home, 'pg.log'),
    });
    const reader = new pg.Client({ connectionString: again.url });
    await reader.connect();
    try {
      // UTF-8 with Unicode case rules whatever locales the machine has: the duplicate guard relies on lower().
      expect((await reader.query('SELECT lower(word) AS word FROM kept')).rows).toEqual([
        { word: 'énergie solaire' },
      ]);
    } finally {
      await reader.end();
      await again.stop();
    }
    expect((fs.statSync(home).mode & 0o777).toString(8)).toBe('700');
  });
});
