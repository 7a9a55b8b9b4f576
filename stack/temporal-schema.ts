import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { ConfigError } from '../config/env';
import { DATABASES, type ServerDatabase } from './temporal-server-config';
import { ensureBinary } from './tools';

/** The schemas embedded in the schema tool, one per database. */
const SCHEMAS = {
  [DATABASES.default]: 'postgresql/v12/temporal',
  [DATABASES.visibility]: 'postgresql/v12/visibility',
} as const;

export function databaseOf(postgresUrl: string): ServerDatabase {
  const url = new URL(postgresUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

async function query<T extends pg.QueryResultRow>(postgresUrl: string, database: string, text: string) {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function createDatabaseIfMissing(postgresUrl: string, name: string): Promise<void> {
  const maintenance = new URL(postgresUrl).pathname.slice(1) || 'postgres';
  const found = await query(postgresUrl, maintenance, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (found.length === 0) await query(postgresUrl, maintenance, `CREATE DATABASE ${name}`);
}

async function hasSchemaVersionTable(postgresUrl: string, name: string): Promise<boolean> {
  const [row] = await query<{ found: string | null }>(
    postgresUrl,
    name,
    `SELECT to_regclass('schema_version')::text AS found`,
  );
  return Boolean(row?.found);
}

/**
 * Creates the server's two databases when missing and migrates each to the schema the server build expects,
 * with the server's own schema tool. Safe to run on every start: an up-to-date schema is left as it is.
 */
export async function migrateTemporalSchema(postgresUrl: string): Promise<void> {
  const tool = await ensureBinary('temporal-sql-tool');
  const database = databaseOf(postgresUrl);
  // The password goes by environment, not by argument, so no process listing shows it.
  const env = { ...process.env, SQL_PASSWORD: database.password };
  const common = ['--plugin', 'postgres12', '--ep', database.host, '-p', String(database.port)];
  common.push('-u', database.user);
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    await createDatabaseIfMissing(postgresUrl, name);
    const run = (args: string[]) => promisify(execFile)(tool, [...common, '--db', name, ...args], { env });
    if (!(await hasSchemaVersionTable(postgresUrl, name))) await run(['setup-schema', '-v', '0.0']);
    await run(['update-schema', '--schema-name', schema]);
  }
}

/**
 * The server keeps the shard count its database was created with, and only warns when the config asks for
 * another: a changed TEMPORAL_HISTORY_SHARDS would otherwise be ignored while the banner showed it.
 */
export async function assertShardCount(postgresUrl: string, wanted: number): Promise<void> {
  const [row] = await query<{ n: number }>(
    postgresUrl,
    DATABASES.default,
    'SELECT count(*)::int AS n FROM shards',
  );
  const persisted = row?.n ?? 0;
  if (persisted === 0 || persisted === wanted) return;
  throw new ConfigError(
    `TEMPORAL_HISTORY_SHARDS is ${wanted}, but the Temporal server's database was created with ${persisted} history shards, which cannot change. Set TEMPORAL_HISTORY_SHARDS=${persisted}, or drop the databases ${DATABASES.default} and ${DATABASES.visibility} to start afresh.`,
  );
}
