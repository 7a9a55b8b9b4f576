import { Migrator } from 'kysely';
import type { Db } from './connect';
import { migrationProvider } from './migrations';

/** Brings the schema to the latest migration; returns the names it applied (none when up to date). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  return results.map((result) => result.migrationName);
}
