import { acceptRequest } from '../api/accept-request';
import type { BudgetDeps } from '../api/budget';
import { HttpError } from '../api/errors';
import { localDateOf, topicOfDay } from '../contracts/subscription';
import { findRun, findSubscription, recordRun } from '../db/queries/subscriptions';
import type { CefrLevel, Language } from '../workflows/input';

export type DailyStoryOutcome =
  | { kind: 'created' | 'existing'; articleId: string; localDate: string; topic?: string }
  | { kind: 'skipped'; reason: 'gone' | 'paused' | 'over_budget'; localDate?: string; message?: string };

/**
 * Asks for a subscription's story of the day. The key `daily:{id}:{local date}` makes a firing repeated within
 * 24 h the same request, and the run row makes any later one find the same article. The start request is left
 * to the API's starters (lease 0), as any accepted generation whose first start did not happen in-process.
 */
export async function acceptDailyStory(
  deps: BudgetDeps,
  input: { subscriptionId: string; scheduledAt: string },
): Promise<DailyStoryOutcome> {
  const subscription = await findSubscription(deps.db, input.subscriptionId);
  if (!subscription) return { kind: 'skipped', reason: 'gone' };
  const localDate = localDateOf(new Date(input.scheduledAt), subscription.time_zone);
  if (subscription.paused) return { kind: 'skipped', reason: 'paused', localDate };
  const made = await findRun(deps.db, subscription.id, localDate);
  if (made) return { kind: 'existing', articleId: made, localDate };

  const topic = topicOfDay(subscription.topics, subscription.surprise, localDate);
  const request = {
    language: subscription.language as Language,
    level: subscription.level as CefrLevel,
    length: subscription.length,
    topic,
  };
  try {
    const outcome = await acceptRequest(deps, subscription.owner, request, {
      idempotencyKey: `daily:${subscription.id}:${localDate}`,
      // The same topic may come back within 24 h (one topic, or a catch-up): the key, not the duplicate
      // check, decides what one day is.
      force: true,
      leaseMs: 0,
    });
    if (outcome.kind === 'key_reused') {
      // The subscription was edited after today's firing was accepted: today's article is the one made then.
      const again = await findRun(deps.db, subscription.id, localDate);
      if (again) return { kind: 'existing', articleId: again, localDate };
      throw new Error(`daily story ${subscription.id} ${localDate}: key used by another request`);
    }
    if (outcome.kind === 'duplicate') throw new Error('unreachable: force skips the duplicate check');
    const articleId = await recordRun(deps.db, {
      subscriptionId: subscription.id,
      localDate,
      owner: subscription.owner,
      articleId: outcome.article.id,
    });
    return { kind: outcome.kind, articleId, localDate, topic };
  } catch (error) {
    // Past the daily budget, today's story is skipped, as a request by hand would be refused; retrying until
    // midnight UTC would only spend tomorrow's.
    if (error instanceof HttpError && error.code === 'budget_exceeded') {
      return { kind: 'skipped', reason: 'over_budget', localDate, message: error.message };
    }
    throw error;
  }
}
