import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../../db/connect';

export interface RateLimits {
  /** 0: no limit. */
  tokensPerMinute: number;
  /** 0: no limit. */
  requestsPerMinute: number;
}

/** Capacity drawn for one call, settled once its real size is known. */
export interface CapacityGrant {
  settle(tokensUsed: number): Promise<void>;
}

const WINDOW_MS = 60_000;
/** Re-checks at least this often while waiting, so the caller can heartbeat and see a cancellation. */
const RECHECK_MS = 1_000;

/**
 * One budget of tokens and requests per minute for each provider and model, shared by every worker and API
 * process through PostgreSQL. Each call draws from it under a row lock per key, and what was drawn in the last
 * 60 s counts, as providers count. A provider's Retry-After pauses the key for everyone.
 */
export class SharedLlmLimiter {
  constructor(
    private readonly db: Db,
    private readonly limits: RateLimits,
  ) {}

  /** Waits until `tokens` and one request fit in the key's budget; `onWait` hears when that should be. */
  async acquire(
    key: string,
    tokens: number,
    options: { signal?: AbortSignal; onWait?: (untilMs: number) => void } = {},
  ): Promise<CapacityGrant> {
    // A call larger than a minute's budget would never fit; it waits for the whole budget instead.
    const need = this.limits.tokensPerMinute > 0 ? Math.min(tokens, this.limits.tokensPerMinute) : 0;
    for (;;) {
      const drawn = await this.draw(key, need);
      if (typeof drawn === 'string') return { settle: (used) => this.settle(drawn, used) };
      options.onWait?.(Date.now() + drawn);
      await sleep(Math.min(drawn, RECHECK_MS), undefined, { signal: options.signal });
    }
  }

  /** Nobody calls this provider and model before `untilMs`. */
  async pause(key: string, untilMs: number): Promise<void> {
    await this.db
      .updateTable('llm_rate_limits')
      .set({ paused_until: sql`greatest(paused_until, to_timestamp(${untilMs / 1000}))` })
      .where('key', '=', key)
      .execute();
  }

  /** Draws the capacity and returns its grant id, or returns how long to wait (ms) until it could fit. */
  private draw(key: string, need: number): Promise<string | number> {
    const { tokensPerMinute: tpm, requestsPerMinute: rpm } = this.limits;
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('llm_rate_limits')
        .values({ key })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute();
      const limit = await trx
        .selectFrom('llm_rate_limits')
        .select(
          sql<number>`coalesce(extract(epoch from paused_until - clock_timestamp()) * 1000, 0)`.as(
            'paused_ms',
          ),
        )
        .where('key', '=', key)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await trx
        .deleteFrom('llm_rate_grants')
        .where('key', '=', key)
        .where('granted_at', '<=', sql<Date>`clock_timestamp() - make_interval(secs => ${WINDOW_MS / 1000})`)
        .execute();
      const recent = await trx
        .selectFrom('llm_rate_grants')
        .select([
          'tokens',
          sql<number>`extract(epoch from clock_timestamp() - granted_at) * 1000`.as('age_ms'),
        ])
        .where('key', '=', key)
        .orderBy('granted_at')
        .execute();
      const pausedMs = Math.max(0, Number(limit.paused_ms));
      const wait = Math.max(pausedMs, this.waitForRoom(recent, need, tpm, rpm));
      if (wait > 0) return Math.max(wait, 50);
      const grant = await trx
        .insertInto('llm_rate_grants')
        .values({ key, tokens: need })
        .returning('id')
        .executeTakeFirstOrThrow();
      return grant.id;
    });
  }

  /** How long until the oldest draws leave the window and `need` tokens and one request fit (0: they fit). */
  private waitForRoom(
    recent: Array<{ tokens: number; age_ms: number }>,
    need: number,
    tpm: number,
    rpm: number,
  ) {
    let tokens = recent.reduce((sum, grant) => sum + grant.tokens, 0);
    let requests = recent.length;
    const fits = () => (tpm === 0 || tokens + need <= tpm) && (rpm === 0 || requests + 1 <= rpm);
    if (fits()) return 0;
    for (const grant of recent) {
      tokens -= grant.tokens;
      requests -= 1;
      if (fits()) return WINDOW_MS - Number(grant.age_ms);
    }
    return WINDOW_MS;
  }

  /** The call's draw becomes what it really used, counted from when the reply ended, as the provider counts. */
  private async settle(grantId: string, used: number): Promise<void> {
    await this.db
      .updateTable('llm_rate_grants')
      .set({ tokens: used, granted_at: sql`clock_timestamp()` })
      .where('id', '=', grantId)
      .execute();
  }
}

/** The limiter a process uses, or none when no limit is configured. */
export function sharedLlmLimiter(db: Db, limits: RateLimits): SharedLlmLimiter | undefined {
  return limits.tokensPerMinute > 0 || limits.requestsPerMinute > 0
    ? new SharedLlmLimiter(db, limits)
    : undefined;
}
