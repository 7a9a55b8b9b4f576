import type { Request, RequestHandler } from 'express';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config/env';
import { APPLICATION_NAMES } from '../db/connect';
import { HttpError } from './errors';

/** Failed sign-ins an account may have before each further one waits longer: 2 s, 4 s, 8 s, … up to 15 min. */
const FREE_FAILED_LOGINS = 5;
const MAX_LOGIN_DELAY_S = 15 * 60;
const FAILED_LOGIN_MEMORY_S = 24 * 60 * 60;

export interface Limits {
  /** Per client address. */
  login: RequestHandler;
  register: RequestHandler;
  /** Per user: article generations and retries, dictionary lookups, progress streams opened. */
  generate: RequestHandler;
  dictionary: RequestHandler;
  streams: RequestHandler;
  failedLogins: FailedLoginThrottle;
  close(): Promise<void>;
}

const clientAddress = (req: Request) => `ip:${req.ip ?? 'unknown'}`;
const userOrAddress = (req: Request) => req.user?.id ?? clientAddress(req);

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The abuse limits, kept in PostgreSQL so that every API process counts against the same buckets. A limit's
 * bucket names carry its size: processes configured alike share it; a process given another limit has its own.
 */
export function createLimits(databaseUrl: string, config: Pick<Config['api'], 'rateLimitPerMinute'>): Limits {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    fallback_application_name: APPLICATION_NAMES.apiLimits,
  });
  pool.on('error', () => {});
  const perMinute = config.rateLimitPerMinute;
  const limiter = (name: string, points: number, duration: number) =>
    new RateLimiterPostgres({
      storeClient: pool,
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix: `${name}:${points}/${duration}`,
      points,
      duration,
    });
  const limit = (name: string, what: string, keyOf: (req: Request) => string): RequestHandler => {
    const bucket = limiter(name, perMinute, 60);
    return async (req, res, next) => {
      try {
        await bucket.consume(keyOf(req));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const wait = seconds(rejection.msBeforeNext);
        res.set('retry-after', String(wait));
        throw new HttpError(
          429,
          'rate_limited',
          `Too many ${what}: at most ${perMinute} per minute; try again in ${wait} s`,
        );
      }
      next();
    };
  };
  return {
    login: limit('login', 'sign-in attempts from this address', clientAddress),
    register: limit('register', 'registrations from this address', clientAddress),
    generate: limit('generate', 'generations', userOrAddress),
    dictionary: limit('dictionary', 'dictionary lookups', userOrAddress),
    streams: limit('streams', 'progress streams opened', userOrAddress),
    failedLogins: new FailedLoginThrottle(
      limiter('login-failures', 1_000_000, FAILED_LOGIN_MEMORY_S),
      limiter('login-lockout', 1, MAX_LOGIN_DELAY_S),
    ),
    close: () => pool.end(),
  };
}

/** Per account, whatever address the attempts come from: each failed sign-in past the free ones waits longer. */
export class FailedLoginThrottle {
  constructor(
    private readonly failures: RateLimiterPostgres,
    private readonly lockout: RateLimiterPostgres,
  ) {}

  private key = (email: string) => email.trim().toLowerCase();

  /** Throws 429 while the account must wait; checked before the password, so a waiting account costs no hash. */
  async check(email: string): Promise<void> {
    const blocked = await this.lockout.get(this.key(email));
    if (!blocked || blocked.consumedPoints <= 1) return;
    const wait = seconds(blocked.msBeforeNext);
    throw new HttpError(
      429,
      'account_throttled',
      `Too many failed sign-ins for this account; wait ${wait} s before the next try, or reset the password`,
      { retryAfterSeconds: wait },
    );
  }

  async failed(email: string): Promise<void> {
    const { consumedPoints } = await this.failures.penalty(this.key(email), 1);
    const excess = consumedPoints - FREE_FAILED_LOGINS;
    if (excess > 0) await this.lockout.block(this.key(email), Math.min(MAX_LOGIN_DELAY_S, 2 ** excess));
  }

  async succeeded(email: string): Promise<void> {
    await Promise.all([this.failures.delete(this.key(email)), this.lockout.delete(this.key(email))]);
  }
}
