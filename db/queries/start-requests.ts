import { sql } from 'kysely';
import type { GenerationProgress } from '../../workflows/types';
import type { Db } from '../connect';
import type { Article, StartKind } from '../schema';

/** A start request claimed by one starter, with what the workflow needs from its article. */
export interface ClaimedStart {
  requestId: string;
  kind: StartKind;
  /** Tries so far, this one included. */
  attempts: number;
  article: Pick<Article, 'id' | 'owner' | 'language' | 'level' | 'length' | 'topic'>;
}

interface ClaimedRow {
  request_id: string;
  kind: StartKind;
  attempts: number;
  id: string;
  owner: string;
  language: string;
  level: string;
  length: number;
  topic: string;
}

const toClaimed = (row: ClaimedRow): ClaimedStart => ({
  requestId: row.request_id,
  kind: row.kind,
  attempts: row.attempts,
  article: {
    id: row.id,
    owner: row.owner,
    language: row.language,
    level: row.level,
    length: row.length,
    topic: row.topic,
  },
});

/**
 * Claims up to `limit` due requests for `leaseMs`: the claim moves their next try past the lease, so a starter
 * that dies while starting leaves them to another starter once the lease ends. SKIP LOCKED keeps concurrent
 * starters (several API processes) off each other's rows.
 */
export async function claimDueStartRequests(db: Db, limit: number, leaseMs: number): Promise<ClaimedStart[]> {
  const { rows } = await sql<ClaimedRow>`
    UPDATE start_requests s
       SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}), attempts = s.attempts + 1
      FROM articles a
     WHERE a.id = s.article_id
       AND s.article_id IN (SELECT article_id FROM start_requests WHERE next_attempt_at <= now()
                            ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING s.id AS request_id, s.kind, s.attempts, a.id, a.owner, a.language, a.level, a.length, a.topic`.execute(
    db,
  );
  return rows.map(toClaimed);
}

/**
 * Temporal has the run: the request is done, and the run, when known, is the article's (unless one of its
 * stages said so first), so that it records its outcome even if it fails before any stage. False when the
 * request was withdrawn (cancelled) meanwhile.
 */
export async function completeStartRequest(db: Db, start: ClaimedStart, runId?: string): Promise<boolean> {
  const { rows } = await sql<{ article_id: string }>`
    WITH done AS (
      DELETE FROM start_requests WHERE article_id = ${start.article.id} AND id = ${start.requestId}
      RETURNING article_id),
    owned AS (
      UPDATE articles SET run_id = ${runId ?? null}
       WHERE id IN (SELECT article_id FROM done) AND ${runId ?? null}::text IS NOT NULL
         AND start_id = ${start.requestId} AND run_id IS NULL)
    SELECT article_id FROM done`.execute(db);
  return rows.length > 0;
}

/** The try failed, or must wait: the request is due again after `delayMs`. */
export async function postponeStartRequest(
  db: Db,
  start: ClaimedStart,
  delayMs: number,
  reason: string,
): Promise<void> {
  await db
    .updateTable('start_requests')
    .set({
      next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
      last_error: reason.slice(0, 1000),
    })
    .where('article_id', '=', start.article.id)
    .where('id', '=', start.requestId)
    .execute();
}

/** For an article that has no run and no request (it slipped through before the outbox existed). */
export async function requestStart(db: Db, articleId: string): Promise<void> {
  await sql`
    WITH start AS (
      INSERT INTO start_requests (article_id, kind) VALUES (${articleId}, 'new')
      ON CONFLICT (article_id) DO NOTHING
      RETURNING id, article_id)
    UPDATE articles SET start_id = start.id FROM start WHERE articles.id = start.article_id`.execute(db);
}

/**
 * Cancels an article whose start is still pending: the request is removed and the row reads `cancelled`, in
 * one statement. False when no request was pending (the run exists, or is being started right now).
 */
export async function withdrawStart(
  db: Db,
  articleId: string,
  progress: GenerationProgress,
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    WITH withdrawn AS (DELETE FROM start_requests WHERE article_id = ${articleId} RETURNING article_id)
    UPDATE articles SET status = 'cancelled', stage = NULL, progress = ${JSON.stringify(progress)}::jsonb,
           updated_at = now()
     WHERE id IN (SELECT article_id FROM withdrawn) AND status IN ('queued', 'running')
    RETURNING id`.execute(db);
  return rows.length > 0;
}

export interface PendingStart {
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
}

export function findPendingStart(db: Db, articleId: string): Promise<PendingStart | undefined> {
  return db
    .selectFrom('start_requests')
    .select(['attempts', 'next_attempt_at', 'last_error'])
    .where('article_id', '=', articleId)
    .executeTakeFirst();
}

/** Cancels an unfinished article that has neither a run nor a pending start: nothing else would close it. */
export async function cancelWithoutRun(
  db: Db,
  articleId: string,
  progress: GenerationProgress,
): Promise<void> {
  await db
    .updateTable('articles')
    .set({
      status: 'cancelled',
      stage: null,
      progress: JSON.stringify(progress),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', articleId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}
