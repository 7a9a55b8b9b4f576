import type { Db } from '../connect';

export interface UsageRow {
  owner: string;
  articleId: string | null;
  operation: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  attempt: number;
  attemptId: string;
}

export async function insertUsage(db: Db, row: UsageRow): Promise<void> {
  await db
    .insertInto('llm_usage')
    .values({
      owner: row.owner,
      article_id: row.articleId,
      operation: row.operation,
      model: row.model,
      prompt_tokens: row.promptTokens,
      completion_tokens: row.completionTokens,
      cost_usd: row.costUsd,
      attempt: row.attempt,
      attempt_id: row.attemptId,
    })
    .execute();
}

/** Flags the calls of the attempt whose output was stored; calls of other attempts stay visible as retry spend. */
export async function markUsageKept(db: Db, attemptId: string): Promise<void> {
  await db.updateTable('llm_usage').set({ kept: true }).where('attempt_id', '=', attemptId).execute();
}
