import { type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../connect';
import type { Database } from '../schema';

/** Sums over a set of llm_usage rows. Tokens and calls are integers, costs are USD as numbers. */
export interface UsageSums {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface UsageTotals extends UsageSums {
  /** Spend on attempts whose output was not kept (failed or abandoned attempts): money spent on retries. */
  retryCostUsd: number;
  /** Calls whose tokens opad estimated, because the provider's count never arrived. */
  estimatedCalls: number;
  /** Calls of a model with no price: their cost is unknown and not in costUsd. */
  unpricedCalls: number;
}

export interface UsageReport {
  totals: UsageTotals;
  /** Models used in the range that have no price (LLM_PRICES). */
  unpricedModels: string[];
  byDay: Array<UsageSums & { day: string }>;
  byOperation: Array<UsageSums & { operation: string }>;
  byModel: Array<UsageSums & { model: string }>;
}

export interface UsageCall {
  operation: string;
  /** The model that answered. */
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** null: the model has no price. */
  costUsd: number | null;
  estimated: boolean;
  /** complete, truncated, refused, stalled, cut, failed, cancelled, or pending (its process died). */
  ended: string;
  attempt: number;
  kept: boolean;
  createdAt: Date;
}

export interface ArticleUsageReport {
  totals: UsageTotals;
  unpricedModels: string[];
  byOperation: Array<UsageSums & { operation: string }>;
  calls: UsageCall[];
}

/** pg returns bigint sums and counts as strings; they stay exact far beyond any real usage. */
function toInteger(value: string | number): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`usage sum ${value} is not a safe integer`);
  return number;
}

/**
 * pg returns numeric as a string to keep its precision. cost_usd has 10 decimals, and so has any sum of it;
 * rounding to 10 decimals strips binary noise from the conversion to a double.
 */
function toUsd(value: string | number): number {
  const number = Number(value);
  if (!Number.isFinite(number)) throw new Error(`usage cost ${value} is not a number`);
  return Math.round(number * 1e10) / 1e10;
}

interface SumColumns {
  calls: string;
  prompt_tokens: string;
  completion_tokens: string;
  cost_usd: string;
  retry_cost_usd: string;
  estimated_calls: string;
  unpriced_calls: string;
}

// Written as raw fragments so they can run over the subquery below; every column comes from llm_usage.
const SUMS = [
  sql<string>`count(*)`.as('calls'),
  sql<string>`coalesce(sum(prompt_tokens), 0)`.as('prompt_tokens'),
  sql<string>`coalesce(sum(completion_tokens), 0)`.as('completion_tokens'),
  sql<string>`coalesce(sum(cost_usd), 0)`.as('cost_usd'),
  sql<string>`coalesce(sum(cost_usd) FILTER (WHERE NOT kept), 0)`.as('retry_cost_usd'),
  sql<string>`count(*) FILTER (WHERE estimated)`.as('estimated_calls'),
  sql<string>`count(*) FILTER (WHERE cost_usd IS NULL)`.as('unpriced_calls'),
] as const;

const sumsOf = (row: SumColumns): UsageSums => ({
  calls: toInteger(row.calls),
  promptTokens: toInteger(row.prompt_tokens),
  completionTokens: toInteger(row.completion_tokens),
  costUsd: toUsd(row.cost_usd),
});

const totalsOf = (row: SumColumns | undefined): UsageTotals =>
  row
    ? {
        ...sumsOf(row),
        retryCostUsd: toUsd(row.retry_cost_usd),
        estimatedCalls: toInteger(row.estimated_calls),
        unpricedCalls: toInteger(row.unpriced_calls),
      }
    : {
        calls: 0,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        retryCostUsd: 0,
        estimatedCalls: 0,
        unpricedCalls: 0,
      };

/** Models among the rows that have no price. */
async function unpricedModels(rows: UsageRows): Promise<string[]> {
  const found = await rows
    .where('cost_usd', 'is', null)
    .select('model')
    .distinct()
    .orderBy('model')
    .execute();
  return found.map((row) => row.model);
}

/** Largest spend first; ties by name, so the order is stable. */
function byCostThenName<T extends UsageSums>(name: (row: T) => string) {
  return (a: T, b: T) => b.costUsd - a.costUsd || name(a).localeCompare(name(b));
}

type UsageRows = SelectQueryBuilder<Database, 'llm_usage', object>;

/**
 * Totals and groups come from one statement (GROUPING SETS), so they are one snapshot: the groups always add up
 * to the totals, even while a generation is writing rows.
 */
async function grouped<K extends 'day' | 'operation' | 'model'>(
  db: Db,
  rows: UsageRows,
  keys: readonly K[],
): Promise<{ totals: UsageTotals; groups: Record<K, Array<UsageSums & Record<K, string>>> }> {
  const source = rows
    .select([
      sql<string>`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'),
      'operation',
      'model',
      'prompt_tokens',
      'completion_tokens',
      'cost_usd',
      'kept',
      'estimated',
    ])
    .as('u');
  const sets = sql.join([sql`()`, ...keys.map((key) => sql`(${sql.ref(`u.${key}`)})`)], sql`, `);
  const found = await db
    .selectFrom(source)
    .select([
      sql<string>`CASE ${sql.join(
        keys.map((key) => sql`WHEN grouping(${sql.ref(`u.${key}`)}) = 0 THEN ${sql.lit(key)}`),
        sql` `,
      )} ELSE 'total' END`.as('grouped_by'),
      // Only the grouped columns: Postgres refuses a selected column that no grouping set names.
      ...keys.map((key) => sql<string>`${sql.ref(`u.${key}`)}`.as(key)),
      ...SUMS,
    ])
    .groupBy(sql`GROUPING SETS (${sets})`)
    .$castTo<SumColumns & { grouped_by: K | 'total' } & Record<K, string>>()
    .execute();

  const groups = Object.fromEntries(keys.map((key) => [key, []])) as unknown as Record<
    K,
    Array<UsageSums & Record<K, string>>
  >;
  let totals: SumColumns | undefined;
  for (const row of found) {
    if (row.grouped_by === 'total') {
      totals = row;
      continue;
    }
    const key = row.grouped_by as K;
    const name = (row as Record<K, string>)[key];
    groups[key].push({ [key]: name, ...sumsOf(row) } as UsageSums & Record<K, string>);
  }
  for (const key of keys) {
    if (key === 'day') groups[key].sort((a, b) => a[key].localeCompare(b[key]));
    else groups[key].sort(byCostThenName((row) => row[key]));
  }
  return { totals: totalsOf(totals), groups };
}

/** The owner's LLM usage with created_at in [from, to); days are UTC calendar days. */
export async function usageReport(
  db: Db,
  owner: string,
  range: { from: Date; to: Date },
): Promise<UsageReport> {
  const rows = db
    .selectFrom('llm_usage')
    .where('owner', '=', owner)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to);
  const { totals, groups } = await grouped(db, rows, ['day', 'operation', 'model'] as const);
  return {
    totals,
    unpricedModels: await unpricedModels(rows),
    byDay: groups.day,
    byOperation: groups.operation,
    byModel: groups.model,
  };
}

/** Every LLM call made for one article of the owner, retries included, oldest first. */
export async function articleUsageReport(
  db: Db,
  owner: string,
  articleId: string,
): Promise<ArticleUsageReport> {
  // Repeatable read: the call list and the sums describe the same rows even while the generation runs.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const rows = trx.selectFrom('llm_usage').where('owner', '=', owner).where('article_id', '=', articleId);
      const { totals, groups } = await grouped(trx, rows, ['operation'] as const);
      const calls = await rows
        .select([
          'operation',
          'model',
          'prompt_tokens',
          'completion_tokens',
          'cost_usd',
          'attempt',
          'kept',
          'estimated',
          'ended',
          'created_at',
        ])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return {
        totals,
        unpricedModels: await unpricedModels(rows),
        byOperation: groups.operation,
        calls: calls.map((call) => ({
          operation: call.operation,
          model: call.model,
          promptTokens: call.prompt_tokens,
          completionTokens: call.completion_tokens,
          costUsd: call.cost_usd === null ? null : toUsd(call.cost_usd),
          estimated: call.estimated,
          ended: call.ended,
          attempt: call.attempt,
          kept: call.kept,
          createdAt: call.created_at,
        })),
      };
    });
}
