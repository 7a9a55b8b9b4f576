import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export function connectDb(url: string, maxConnections = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // When PostgreSQL restarts, every open connection emits an error event, idle (through the pool) or in use.
  // Unheard, that event would crash the API or the worker. The query in flight fails on its own and is retried,
  // and the pool drops the broken connection and opens a new one for the next query.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
