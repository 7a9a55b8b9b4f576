import { WorkflowNotFoundError } from '@temporalio/client';
import { acceptRetry } from '../db/queries/accept';
import { cancelWithoutRun, withdrawStart } from '../db/queries/start-requests';
import type { Article } from '../db/schema';
import type { ArticleRequest } from '../workflows/input';
import { acceptRequest } from './accept-request';
import { assertWithinBudget } from './budget';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';
import { cancelledBeforeStart } from './orchestration/job-progress';
import { callTemporal, workflowIdOf } from './orchestration/temporal-calls';

export interface Accepted {
  articleId: string;
  jobId: string;
  status: string;
  /** What happens next, in words a learner can read. */
  message?: string;
}

const accepted = (article: { id: string; status: string }, message?: string): Accepted => ({
  articleId: article.id,
  jobId: workflowIdOf(article.id),
  status: article.status,
  message,
});

/** Accept never waits for Temporal, but it says so when the last start could not reach it. */
function queuedMessage(deps: ApiDeps): string {
  return deps.starter.orchestratorReachable
    ? 'Saved; the generation starts in a moment'
    : 'Saved; the orchestrator (Temporal) cannot be reached right now, so the generation will start as soon as it is back';
}

/**
 * Commits the article, its idempotency key and its start request in one transaction, then hands the start to
 * the starter without waiting for it. 202 means stored, and it will run.
 */
export async function requestArticle(
  deps: ApiDeps,
  owner: string,
  request: ArticleRequest,
  options: { idempotencyKey?: string; force: boolean },
): Promise<Accepted> {
  const outcome = await acceptRequest(deps, owner, request, { ...options, leaseMs: deps.starter.leaseMs });
  switch (outcome.kind) {
    case 'key_reused':
      throw new HttpError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different body; use a new key for a new request',
      );
    case 'duplicate':
      throw new HttpError(
        409,
        'duplicate_request',
        'You asked for the same article less than 24 hours ago; open that job, or send ?force=true for a new one',
        accepted(outcome.article),
      );
    case 'existing':
      if (outcome.article.deleted_at) {
        throw new HttpError(
          410,
          'article_deleted',
          'The article made for this Idempotency-Key was deleted; send the request with a new key to ask again',
          { articleId: outcome.article.id },
        );
      }
      return accepted(outcome.article);
    case 'created':
      deps.starter.startNow(outcome.start);
      return accepted(outcome.article, queuedMessage(deps));
  }
}

export async function retryArticle(deps: ApiDeps, article: Article): Promise<Accepted> {
  if (article.status !== 'failed' && article.status !== 'cancelled') {
    throw new HttpError(
      409,
      'not_retryable',
      `Only a failed or cancelled generation can be retried; this one is ${article.status}`,
    );
  }
  // A retry spends like a new generation, and counts as one.
  await assertWithinBudget(deps, article.owner, 'generation');
  const start = await acceptRetry(deps.db, article.id, deps.starter.leaseMs);
  if (!start) {
    throw new HttpError(
      409,
      'not_retryable',
      'The generation changed state meanwhile; reload it and try again',
    );
  }
  deps.starter.startNow(start);
  return accepted({ id: article.id, status: 'queued' }, queuedMessage(deps));
}

/**
 * A generation whose start is still pending is cancelled at once, in the database. A started one is asked to
 * stop through Temporal, and reads `cancelled` once its run has stopped.
 */
export async function cancelArticle(deps: ApiDeps, article: Article): Promise<Accepted> {
  if (article.status !== 'queued' && article.status !== 'running') {
    throw new HttpError(
      409,
      'not_cancellable',
      `Only a queued or running generation can be cancelled; this one is ${article.status}`,
    );
  }
  if (await withdrawStart(deps.db, article.id, cancelledBeforeStart(article.id))) {
    return accepted({ id: article.id, status: 'cancelled' }, 'Cancelled before the generation started');
  }
  try {
    await callTemporal(deps, 'cancel', deps.config.api.temporalTimeoutMs, () =>
      deps.temporal.workflow.getHandle(workflowIdOf(article.id)).cancel(),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      // No run and no pending start: nothing will run, so the row alone decides.
      await cancelWithoutRun(deps.db, article.id, cancelledBeforeStart(article.id));
      return accepted({ id: article.id, status: 'cancelled' });
    }
    deps.logger.warn({ err: error, articleId: article.id }, 'cancel: Temporal did not answer');
    throw new HttpError(
      503,
      'temporal_unavailable',
      'The orchestrator (Temporal) cannot be reached, so the generation cannot be stopped right now; try again shortly',
    );
  }
  return accepted(
    { id: article.id, status: 'cancelling' },
    'Stopping; the job reads cancelled once it has stopped',
  );
}
