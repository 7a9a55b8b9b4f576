import { sql } from 'kysely';
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
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', articleId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Stores the final state of a run so that lists and old jobs work once the workflow has closed. */
export async function recordArticleOutcome(db: Db, progress: GenerationProgress): Promise<void> {
  const timings = Object.fromEntries(
    progress.stages.map((stage) => [
      stage.name,
      { startedAt: stage.startedAt, finishedAt: stage.finishedAt },
    ]),
  );
  await db
    .updateTable('articles')
    .set({
      status: progress.status,
      stage: progress.error?.stage ?? null,
      error: JSON.stringify(progress.error ?? null),
      timings: JSON.stringify(timings),
      progress: JSON.stringify(progress),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', progress.articleId)
    .execute();
}
