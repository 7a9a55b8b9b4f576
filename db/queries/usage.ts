import type { Db } from '../connect';
import type { CallEnding } from '../schema';

/** Who a call is for and which attempt made it. */
export interface UsageOwner {
  owner: string;
  articleId: string | null;
  attempt: number;
  attemptId: string;
}

export interface UsageFigures {
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** null: the model has no price. */
  costUsd: number | null;
  estimated: boolean;
}

/** Writes a call's row before its request goes out, so a call that a crash cuts short is still on record. */
export async function openUsage(
  db: Db,
  owner: UsageOwner,
  call: { operation: string } & UsageFigures,
): Promise<string> {
  const row = await db
    .insertInto('llm_usage')
    .values({
      owner: owner.owner,
      article_id: owner.articleId,
      attempt: owner.attempt,
      attempt_id: owner.attemptId,
      operation: call.operation,
      model: call.model,
      prompt_tokens: call.promptTokens,
      completion_tokens: call.completionTokens,
      cost_usd: call.costUsd,
      estimated: call.estimated,
      ended: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What the call cost once it ended; `requestedModel` is kept when another model answered. */
export async function closeUsage(
  db: Db,
  id: string,
  call: UsageFigures & { ended: CallEnding; requestedModel: string },
): Promise<void> {
  await db
    .updateTable('llm_usage')
    .set({
      model: call.model,
      requested_model: call.requestedModel === call.model ? null : call.requestedModel,
      prompt_tokens: call.promptTokens,
      completion_tokens: call.completionTokens,
      cost_usd: call.costUsd,
      estimated: call.estimated,
      ended: call.ended,
    })
    .where('id', '=', id)
    .execute();
}

/** A call that got no reply was not billed: its row goes. */
export async function discardUsage(db: Db, id: string): Promise<void> {
  await db.deleteFrom('llm_usage').where('id', '=', id).execute();
}

/** Flags the calls of the attempt whose output was stored; calls of other attempts stay visible as retry spend. */
export async function markUsageKept(db: Db, attemptId: string): Promise<void> {
  await db.updateTable('llm_usage').set({ kept: true }).where('attempt_id', '=', attemptId).execute();
}
