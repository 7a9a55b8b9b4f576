import { sql } from 'kysely';
import type { Db } from '../connect';

export interface DayOfUse {
  /** Known spend; calls of models with no price are not in it. */
  spentUsd: number;
  /** Generations started: new articles and retries. */
  generations: number;
  /** The learner's own limits, when an operator set them. */
  ownDailyUsd: number | null;
  ownDailyGenerations: number | null;
  /** Known spend of every learner. */
  serviceSpentUsd: number;
  /** Tokens of every learner's calls, priced or not: a model with no price is bounded by these. */
  serviceTokens: number;
}

/** What a learner and the whole service have used since `dayStart`, and the learner's own limits, in one statement. */
export async function dayOfUse(db: Db, owner: string, dayStart: Date): Promise<DayOfUse> {
  const row = await db
    .selectFrom('users')
    .where('users.id', '=', owner)
    .select([
      'users.daily_budget_usd',
      'users.daily_generations',
      sql<string>`(SELECT coalesce(sum(cost_usd), 0) FROM llm_usage WHERE owner = ${owner} AND created_at >= ${dayStart})`.as(
        'spent',
      ),
      sql<string>`(SELECT count(*) FROM generation_starts WHERE owner = ${owner} AND created_at >= ${dayStart})`.as(
        'generations',
      ),
      sql<string>`(SELECT coalesce(sum(cost_usd), 0) FROM llm_usage WHERE created_at >= ${dayStart})`.as(
        'service_spent',
      ),
      sql<string>`(SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) FROM llm_usage
                    WHERE created_at >= ${dayStart})`.as('service_tokens'),
    ])
    .executeTakeFirstOrThrow();
  return {
    spentUsd: Number(row.spent),
    generations: Number(row.generations),
    ownDailyUsd: row.daily_budget_usd === null ? null : Number(row.daily_budget_usd),
    ownDailyGenerations: row.daily_generations,
    serviceSpentUsd: Number(row.service_spent),
    serviceTokens: Number(row.service_tokens),
  };
}
