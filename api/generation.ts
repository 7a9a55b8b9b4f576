import { createHash, randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { resetArticleForRetry } from '../db/queries/articles';
import type { Article } from '../db/schema';
import type { ArticleRequest, GenerateArticleInput } from '../workflows/input';
import { progressQuery } from '../workflows/messages';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import type { GenerationProgress, StageName } from '../workflows/types';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';

export const workflowIdOf = (articleId: string) => `article-${articleId}`;
export const articleIdOfJob = (jobId: string) => jobId.replace(/^article-/, '');

export interface Accepted {
  articleId: string;
  jobId: string;
  status: string;
}

function inputOf(article: Article): GenerateArticleInput {
  return {
    articleId: article.id,
    owner: article.owner,
    language: article.language as GenerateArticleInput['language'],
    level: article.level as GenerateArticleInput['level'],
    length: article.length,
    topic: article.topic,
  };
}

const accepted = (article: Pick<Article, 'id' | 'status'>): Accepted => ({
  articleId: article.id,
  jobId: workflowIdOf(article.id),
  status: article.status,
});

/**
 * Starts the article's workflow. A running one is joined (USE_EXISTING); a closed one is left alone unless this
 * is a retry, so repeated POSTs never make a second generation.
 */
async function startWorkflow(deps: ApiDeps, article: Article, kind: 'new' | 'retry'): Promise<void> {
  const input = inputOf(article);
  try {
    await deps.temporal.workflow.start('generateArticle', {
      taskQueue: deps.config.temporal.taskQueue,
      workflowId: workflowIdOf(article.id),
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy:
        kind === 'retry' ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.OpadArticleId, value: input.articleId },
        { key: SEARCH_ATTRIBUTES.OpadOwner, value: input.owner },
        { key: SEARCH_ATTRIBUTES.OpadLanguage, value: input.language },
        { key: SEARCH_ATTRIBUTES.OpadLevel, value: input.level },
        { key: SEARCH_ATTRIBUTES.OpadStage, value: 'queued' },
      ],
    });
    deps.metrics.workflowsStarted.inc({ kind });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    deps.metrics.workflowStartFailures.inc({ kind });
    deps.logger.error({ err: error, articleId: article.id }, 'could not start the workflow');
    throw new HttpError(
      503,
      'temporal_unavailable',
      'The article is saved but its generation could not be started; send the same request again shortly',
      { articleId: article.id, jobId: workflowIdOf(article.id) },
    );
  }
}

const requestHash = (request: ArticleRequest) =>
  createHash('sha256')
    .update(JSON.stringify([request.language, request.level, request.length, request.topic]))
    .digest('hex');

type Outcome =
  | { kind: 'created'; article: Article }
  | { kind: 'existing'; article: Article }
  | { kind: 'duplicate'; article: Article };

/** One transaction decides: replay of an idempotency key, a duplicate within 24 h, or a new article. */
async function decide(
  db: Db,
  owner: string,
  request: ArticleRequest,
  key: string | undefined,
  force: boolean,
): Promise<Outcome> {
  const hash = requestHash(request);
  return db.transaction().execute(async (trx) => {
    if (key) {
      // Concurrent requests with one key queue here, so exactly one of them creates the article.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`idem:${owner}:${key}`}, 0))`.execute(trx);
      const previous = await trx
        .selectFrom('idempotency_keys')
        .innerJoin('articles', 'articles.id', 'idempotency_keys.article_id')
        .selectAll('articles')
        .select('idempotency_keys.request_hash')
        .where('idempotency_keys.owner', '=', owner)
        .where('idempotency_keys.key', '=', key)
        .executeTakeFirst();
      if (previous) {
        if (previous.request_hash !== hash) {
          throw new HttpError(
            422,
            'idempotency_key_reused',
            'This Idempotency-Key was already used with a different body; use a new key for a new request',
          );
        }
        const { request_hash: _hash, ...article } = previous;
        return { kind: 'existing', article };
      }
    }
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`dup:${owner}:${hash}`}, 0))`.execute(trx);
    if (!force) {
      const duplicate = await trx
        .selectFrom('articles')
        .selectAll()
        .where('owner', '=', owner)
        .where('language', '=', request.language)
        .where('level', '=', request.level)
        .where('length', '=', request.length)
        .where(sql<string>`lower(topic)`, '=', request.topic.toLowerCase())
        .where('deleted_at', 'is', null)
        .where('created_at', '>', sql<Date>`now() - interval '24 hours'`)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (duplicate) return { kind: 'duplicate', article: duplicate };
    }
    const id = randomUUID();
    const article = await trx
      .insertInto('articles')
      .values({ id, owner, ...request, status: 'queued', workflow_id: workflowIdOf(id) })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (key)
      await trx
        .insertInto('idempotency_keys')
        .values({ owner, key, request_hash: hash, article_id: id })
        .execute();
    return { kind: 'created', article };
  });
}

export async function requestArticle(
  deps: ApiDeps,
  owner: string,
  request: ArticleRequest,
  options: { idempotencyKey?: string; force: boolean },
): Promise<Accepted> {
  const outcome = await decide(deps.db, owner, request, options.idempotencyKey, options.force);
  if (outcome.kind === 'duplicate') {
    throw new HttpError(
      409,
      'duplicate_request',
      'You asked for the same article less than 24 hours ago; open that job, or send ?force=true for a new one',
      accepted(outcome.article),
    );
  }
  // A replayed key also (re)starts a queued workflow, in case the first request failed to start it.
  if (outcome.kind === 'created' || outcome.article.status === 'queued')
    await startWorkflow(deps, outcome.article, 'new');
  return accepted(outcome.article);
}

export async function retryArticle(deps: ApiDeps, article: Article): Promise<Accepted> {
  if (article.status !== 'failed' && article.status !== 'cancelled') {
    throw new HttpError(
      409,
      'not_retryable',
      `Only a failed or cancelled generation can be retried; this one is ${article.status}`,
    );
  }
  if (!(await resetArticleForRetry(deps.db, article.id))) {
    throw new HttpError(
      409,
      'not_retryable',
      'The generation changed state meanwhile; reload it and try again',
    );
  }
  await startWorkflow(deps, article, 'retry');
  return { ...accepted(article), status: 'queued' };
}

export async function cancelArticle(deps: ApiDeps, article: Article): Promise<Accepted> {
  if (article.status !== 'queued' && article.status !== 'running') {
    throw new HttpError(
      409,
      'not_cancellable',
      `Only a queued or running generation can be cancelled; this one is ${article.status}`,
    );
  }
  try {
    await deps.temporal.workflow.getHandle(workflowIdOf(article.id)).cancel();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  return { ...accepted(article), status: 'cancelling' };
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Progress as the user should see it, from the stored row once closed and a row-derived view if there is no run. */
function progressFromRow(article: Article): GenerationProgress {
  if (article.progress) return article.progress;
  return {
    articleId: article.id,
    version: 0,
    status: article.status,
    stage: (article.stage as GenerationProgress['stage']) ?? null,
    percent: article.status === 'completed' ? 100 : 0,
    stages: [],
    message: article.status === 'queued' ? 'Waiting for a worker' : `The generation is ${article.status}`,
    error: article.error
      ? { ...article.error, stage: article.error.stage as StageName | undefined }
      : undefined,
  };
}

/** The live `progress` query while the workflow runs; the stored state once it has closed or is gone. */
export async function readProgress(deps: ApiDeps, article: Article): Promise<GenerationProgress> {
  if (TERMINAL.has(article.status) && article.progress) return article.progress;
  try {
    return await deps.temporal.workflow.getHandle(workflowIdOf(article.id)).query(progressQuery);
  } catch (error) {
    deps.logger.debug({ err: error, articleId: article.id }, 'progress query failed; answering from the row');
    return progressFromRow(article);
  }
}
