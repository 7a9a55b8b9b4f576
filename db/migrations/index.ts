import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial';
import * as dictionary from './0002_dictionary';

/** Every migration, in order. Listed statically so bundlers and ts runners need no folder scan. */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_dictionary': dictionary,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
