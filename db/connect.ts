import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/**
 * What each of opad's connection pools calls itself in PostgreSQL (`application_name`), so `pg_stat_activity`,
 * the server's log (`%a` in `log_line_prefix`) and `npm run bench:article-cost` tell which part of which process
 * holds a connection or ran a statement. An `application_name` in DATABASE_URL or PGAPPNAME wins (they are
 * fallbacks, as libpq programs name themselves).
 */
export const APPLICATION_NAMES = {
  /** The API's request handlers: sign-in, the accept transaction, reads. */
  api: 'opad-api',
  /** The API's background side: the starter, the reconciler and the progress readers. */
  apiOrchestration: 'opad-api-orchestration',
  /** The API's abuse limits (rate-limiter-flexible). */
  apiLimits: 'opad-api-limits',
  /** The API's LISTEN connection for change hints. */
  apiHints: 'opad-api-hints',
  worker: 'opad-worker',
  /** `npm start`'s migrations before the roles start. */
  start: 'opad-start',
  /** The operator's commands that work on the database itself (`opad admin`). */
  admin: 'opad-admin',
} as const;

export function connectDb(url: string, maxConnections = 10, applicationName?: string): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    fallback_application_name: applicationName,
  });
  // When PostgreSQL restarts, every open connection emits an error event, idle (through the pool) or in use.
  // Unheard, that event would crash the API or the worker. The query in flight fails on its own and is retried,
  // and the pool drops the broken connection and opens a new one for the next query.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
