import { sql } from 'kysely';
import type { ArticleLevel } from '../../contracts/api-types';
import type { GenerationProgress, StageName } from '../../workflows/types';
import type { Db } from '../connect';

/** Idempotent: the first start time of a stage is kept across retries; a completed article is never reopened. */
export async function markStageStarted(db: Db, articleId: string, stage: StageName): Promise<void> {
  await db
    .updateTable('articles')
    .set({
      status: 'running',
      stage,
      error: null,
      timings: sql<string>`timings || jsonb_build_object(${stage}::text,
        jsonb_build_object('startedAt', coalesce(timings -> ${stage}::text -> 'startedAt', to_jsonb(now()))))`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', articleId)
    .where('status', '!=', 'completed')
    .execute();
}

export interface PublishedArticle {
  title: string;
  source: { outlet?: string; url: string; date?: string; author?: string };
  blobKeys: Record<string, string>;
  vocabularyUsed: string[];
  level?: ArticleLevel;
}

/** Returns false when no such article row exists. */
export async function markArticleCompleted(
  db: Db,
  articleId: string,
  article: PublishedArticle,
): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set({
      status: 'completed',
      stage: null,
      error: null,
      title: article.title,
      source_outlet: article.source.outlet ?? null,
      source_url: article.source.url,
      source_date: article.source.date ?? null,
      source_author: article.source.author ?? null,
      blob_keys: JSON.stringify(article.blobKeys),
      vocabulary_used: JSON.stringify(article.vocabularyUsed),
      ...(article.level
        ? {
            measured_level: article.level.measured,
            level_score: article.level.score,
            level_report: JSON.stringify(article.level),
          }
        : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', articleId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Stores the final state of a run so that lists and old jobs work once the workflow has closed. With
 * `onlyIfUnfinished` (the reconciler, for a run that closed without recording), it writes only while the row is
 * still unfinished and no new start is pending, and says whether it wrote.
 */
export async function recordArticleOutcome(
  db: Db,
  progress: GenerationProgress,
  options: { onlyIfUnfinished?: boolean } = {},
): Promise<boolean> {
  const timings = Object.fromEntries(
    progress.stages.map((stage) => [
      stage.name,
      { startedAt: stage.startedAt, finishedAt: stage.finishedAt },
    ]),
  );
  let update = db
    .updateTable('articles')
    .set({
      status: progress.status,
      stage: progress.error?.stage ?? null,
      error: JSON.stringify(progress.error ?? null),
      timings: JSON.stringify(timings),
      progress: JSON.stringify(progress),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', progress.articleId);
  if (options.onlyIfUnfinished) {
    update = update
      .where('status', 'in', ['queued', 'running'])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('start_requests').select('article_id').whereRef('article_id', '=', 'articles.id'),
          ),
        ),
      );
  }
  const result = await update.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** An article of this owner that is not deleted; another owner's article is simply not found. */
export function findOwnedArticle(db: Db, owner: string, articleId: string) {
  return db
    .selectFrom('articles')
    .selectAll()
    .where('id', '=', articleId)
    .where('owner', '=', owner)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface ArticleFilters {
  status?: string;
  language?: string;
  level?: string;
  limit: number;
  offset: number;
}

export async function listOwnedArticles(db: Db, owner: string, filters: ArticleFilters) {
  let query = db.selectFrom('articles').where('owner', '=', owner).where('deleted_at', 'is', null);
  if (filters.status) query = query.where('status', '=', filters.status as never);
  if (filters.language) query = query.where('language', '=', filters.language);
  if (filters.level) query = query.where('level', '=', filters.level);
  const [items, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(filters.limit)
      .offset(filters.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.count) };
}

export async function softDeleteArticle(db: Db, owner: string, articleId: string): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set({ deleted_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', articleId)
    .where('owner', '=', owner)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A change the article row does not show (a failed attempt, say): wake the API processes watching the job. */
export async function hintJobChanged(db: Db, articleId: string): Promise<void> {
  await sql`SELECT pg_notify('opad_job_changed', ${articleId})`.execute(db);
}

/** The article row with its pending start, if any: all a job's state that lives outside Temporal. */
export function findJobState(db: Db, articleId: string) {
  return db
    .selectFrom('articles')
    .leftJoin('start_requests', 'start_requests.article_id', 'articles.id')
    .selectAll('articles')
    .select([
      'start_requests.attempts as start_attempts',
      'start_requests.next_attempt_at as start_next_attempt_at',
      'start_requests.last_error as start_last_error',
    ])
    .where('articles.id', '=', articleId)
    .executeTakeFirst();
}

export type JobState = NonNullable<Awaited<ReturnType<typeof findJobState>>>;
