import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { waitFor } from '../../stack/ports';

/** One statement PostgreSQL ran, as its log shows it. */
export interface LoggedStatement {
  /** Epoch milliseconds at which the statement was logged (its start). */
  at: number;
  /** The connection's `application_name`; empty for a client that sets none (the bench's own harness). */
  application: string;
  /** The statement's first keyword: SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, WITH… */
  kind: string;
  text: string;
}

/** The bench's own connection, whose marker statements bound a window in the log; never counted. */
const MARKER_APPLICATION = 'opad-bench-marker';
const PREFIX = '%n|%a|';
const KINDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'BEGIN', 'COMMIT', 'ROLLBACK'];
const ENTRY = /^(\d+\.\d+)\|([^|]*)\|/;
const STATEMENT = /^\s*LOG:\s+(?:statement|execute [^:]*):\s?/;

/**
 * The statements in a stretch of the log. An entry starts with the prefix; a statement's text may go on over
 * the lines that follow without one (a query written over several lines).
 */
function parseLog(text: string): LoggedStatement[] {
  const statements: LoggedStatement[] = [];
  let current: LoggedStatement | undefined;
  for (const line of text.split('\n')) {
    const entry = ENTRY.exec(line);
    if (!entry) {
      if (current) current.text += `\n${line}`;
      continue;
    }
    current = undefined;
    const rest = line.slice(entry[0].length);
    const statement = STATEMENT.exec(rest);
    if (!statement || entry[2] === MARKER_APPLICATION) continue;
    current = {
      at: Number(entry[1]) * 1000,
      application: entry[2] as string,
      kind: '',
      text: rest.slice(statement[0].length),
    };
    statements.push(current);
  }
  for (const statement of statements) {
    // A prepared statement may show its name first (rate-limiter-flexible's `rlflx-upsert: INSERT …`).
    const sql = statement.text.replace(/^\s*[\w-]+:\s/, '');
    statement.kind = (/^[\s(]*([A-Za-z]+)/.exec(sql)?.[1] ?? '?').toUpperCase();
    if (process.env.BENCH_DEBUG_STATEMENTS && !KINDS.includes(statement.kind))
      console.error(`statement of unknown kind: ${JSON.stringify(statement)}`);
  }
  return statements;
}

/**
 * Counts every statement the PostgreSQL server runs, at the server: `log_statement = 'all'` with the
 * connection's application name in each line (ALTER SYSTEM and pg_reload_conf(), so no restart, and every
 * connection, already open or not, picks it up before its next statement). Nothing in opad is changed or
 * wrapped: BEGIN and COMMIT, the libraries' own statements (the rate limiter's upserts, LISTEN) and
 * statements of every pool count as the server sees them. Windows are bounded by marker statements the bench
 * runs itself, so a line is counted once its marker is in the file, however late the server writes it.
 */
export class StatementLog {
  private constructor(
    private readonly client: pg.Client,
    private readonly logFile: string,
  ) {}

  static async open(databaseUrl: string, logFile: string): Promise<StatementLog> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: MARKER_APPLICATION });
    await client.connect();
    return new StatementLog(client, logFile);
  }

  async enable(): Promise<void> {
    await this.client.query(`ALTER SYSTEM SET log_statement = 'all'`);
    // Statements are counted, not read: their bound values (emails, password and token hashes) stay out of the log.
    await this.client.query('ALTER SYSTEM SET log_parameter_max_length = 0');
    await this.client.query(`ALTER SYSTEM SET log_line_prefix = '${PREFIX}'`);
    await this.client.query('SELECT pg_reload_conf()');
    // Reloading is asynchronous, and a statement run before this backend has reloaded is not logged: probe
    // until one shows in the log with the new prefix.
    const from = fs.statSync(this.logFile).size;
    const probe = `bench-probe-${randomUUID()}`;
    await waitFor(
      'the server to log statements',
      async () => {
        await this.client.query(`SELECT '${probe}'`);
        return this.readFrom(from).includes(`|${MARKER_APPLICATION}|LOG:  statement: SELECT '${probe}'`);
      },
      { intervalMs: 50, timeoutMs: 10_000 },
    );
  }

  async disable(): Promise<void> {
    await this.client.query('ALTER SYSTEM RESET log_statement');
    await this.client.query('ALTER SYSTEM RESET log_parameter_max_length');
    await this.client.query('ALTER SYSTEM RESET log_line_prefix');
    await this.client.query('SELECT pg_reload_conf()');
  }

  async close(): Promise<void> {
    await this.disable().catch(() => {});
    await this.client.end();
  }

  /** Starts a window; the function returned ends it and gives the statements run in between. */
  async window(): Promise<() => Promise<LoggedStatement[]>> {
    const from = fs.statSync(this.logFile).size;
    const start = await this.mark(from);
    return async () => {
      const end = await this.mark(from);
      const text = this.readFrom(from);
      return parseLog(text.slice(text.indexOf(start), text.indexOf(end)));
    };
  }

  /** Runs a statement with a fresh token and waits until the log holds it; returns the token. */
  private async mark(from = fs.statSync(this.logFile).size): Promise<string> {
    const token = `bench-mark-${randomUUID()}`;
    await this.client.query(`SELECT '${token}'`);
    await waitFor(
      'the statement log to show the marker',
      async () => {
        const text = this.readFrom(from);
        const at = text.lastIndexOf(token);
        return at >= 0 && text.lastIndexOf(`|${MARKER_APPLICATION}|`, at) >= 0;
      },
      { intervalMs: 20, timeoutMs: 10_000 },
    );
    return token;
  }

  private readFrom(offset: number): string {
    const fd = fs.openSync(this.logFile, 'r');
    try {
      const length = fs.fstatSync(fd).size - offset;
      const buffer = Buffer.alloc(Math.max(0, length));
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  }
}
