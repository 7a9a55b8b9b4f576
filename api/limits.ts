import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config/env';
import { APPLICATION_NAMES } from '../db/connect';
import { FAILED_LOGIN_MEMORY_S, FailedLoginThrottle, MAX_LOGIN_DELAY_S } from './auth/failed-logins';
import { addressBucket } from './client-address';
import { HttpError } from './errors';

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

const clientAddress = addressBucket;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const userOrAddress = (req: Request) => req.user?.id ?? addressBucket(req);

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
        // Hashed: a key always fits its column, and the table keeps no addresses.
        await bucket.consume(sha256(keyOf(req)));
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
