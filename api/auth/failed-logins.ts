import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Db } from '../../db/connect';
import { HttpError } from '../errors';

/** Failed sign-ins an account may have from one source before each further one waits longer: 2 s, 4 s, … 15 min. */
export const FREE_FAILED_LOGINS = 5;
export const MAX_LOGIN_DELAY_S = 15 * 60;
export const FAILED_LOGIN_MEMORY_S = 24 * 60 * 60;
/** The buckets' names, as rate-limiter-flexible prefixes them: `name:points/duration`. */
export const FAILURES_PREFIX = `login-failures:1000000/${FAILED_LOGIN_MEMORY_S}`;
export const LOCKOUT_PREFIX = `login-lockout:1/${MAX_LOGIN_DELAY_S}`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const accountPart = (email: string) => sha256(email.trim().toLowerCase());

/**
 * One bucket per account and source (the client's address bucket): guesses from one place slow down only that
 * place, so nobody can lock a learner out from elsewhere. Hashed, so a key fits its column whatever the
 * email's length, and the table holds neither emails nor addresses.
 */
export const failedLoginKey = (email: string, source: string) => `${accountPart(email)}.${sha256(source)}`;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Each failed sign-in past the free ones, per account and source, waits longer than the one before. */
export class FailedLoginThrottle {
  constructor(
    private readonly failures: RateLimiterPostgres,
    private readonly lockout: RateLimiterPostgres,
  ) {}

  /** Throws 429 while this source must wait; checked before the password, so a waiting source costs no hash. */
  async check(email: string, source: string): Promise<void> {
    const blocked = await this.lockout.get(failedLoginKey(email, source));
    if (!blocked || blocked.consumedPoints <= 1) return;
    const wait = seconds(blocked.msBeforeNext);
    throw new HttpError(
      429,
      'account_throttled',
      `Too many failed sign-ins for this account from here; wait ${wait} s before the next try, or ask the operator to reset the password`,
      { retryAfterSeconds: wait },
    );
  }

  async failed(email: string, source: string): Promise<void> {
    const key = failedLoginKey(email, source);
    const { consumedPoints } = await this.failures.penalty(key, 1);
    const excess = consumedPoints - FREE_FAILED_LOGINS;
    if (excess > 0) await this.lockout.block(key, Math.min(MAX_LOGIN_DELAY_S, 2 ** excess));
  }

  async succeeded(email: string, source: string): Promise<void> {
    const key = failedLoginKey(email, source);
    await Promise.all([this.failures.delete(key), this.lockout.delete(key)]);
  }
}

/** An operator's password reset forgets the account's failed sign-ins from every source. */
export async function forgetFailedLogins(db: Db, email: string): Promise<void> {
  const account = accountPart(email);
  await sql`DELETE FROM rate_limits
             WHERE starts_with(key, ${`${FAILURES_PREFIX}:${account}.`})
                OR starts_with(key, ${`${LOCKOUT_PREFIX}:${account}.`})`.execute(db);
}
