import { sql } from 'kysely';
import type { Db } from '../connect';

export interface DayOfUse {
  /** Known spend; calls of models with no price are not in it. */
  spentUsd: number;
  generations: number;
  /** The learner's own limits, when an operator set them. */
  ownDailyUsd: number | null;
  ownDailyGenerations: number | null;
}

/** What a learner has used since `dayStart`, and their own limits, in one statement. */
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
      sql<string>`(SELECT count(*) FROM articles WHERE owner = ${owner} AND created_at >= ${dayStart})`.as(
        'generations',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    spentUsd: Number(row.spent),
    generations: Number(row.generations),
    ownDailyUsd: row.daily_budget_usd === null ? null : Number(row.daily_budget_usd),
    ownDailyGenerations: row.daily_generations,
  };
}
