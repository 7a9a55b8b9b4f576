import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ArticleRequest } from '../../workflows/input';
import type { Db } from '../connect';
import type { Article } from '../schema';
import type { ClaimedStart } from './start-requests';

/** How long an Idempotency-Key names its article; after that the same key starts a new request. */
export const IDEMPOTENCY_KEY_HOURS = 24;

export type AcceptOutcome =
  | { kind: 'created'; article: Article; start: ClaimedStart }
  | { kind: 'existing'; article: Article }
  | { kind: 'duplicate'; article: Article }
  | { kind: 'key_reused' };

export interface AcceptRequest {
  owner: string;
  request: ArticleRequest;
  requestHash: string;
  idempotencyKey?: string;
  force: boolean;
  /** The new start request is handed to this process's starter, claimed for this long. */
  leaseMs: number;
  /**
   * Runs in the transaction once the request is known to create an article (no replay, no duplicate); it
   * throws to refuse it. The daily budget is checked here.
   */
  beforeCreate?: (trx: Db) => Promise<void>;
}

type Match = Article & { match: 'key' | 'duplicate'; request_hash: string | null };

const claimedStart = (article: Article, requestId: string): ClaimedStart => ({
  requestId,
  kind: 'new',
  attempts: 1,
  article,
});

/**
 * One transaction, four round trips after BEGIN: the locks, one lookup (replayed key and recent duplicate
 * together), and one statement that inserts the article, its idempotency key and its start request. The
 * duplicate lock hashes the same `lower(topic)` that the lookup and its index compare.
 */
export function acceptArticle(db: Db, accept: AcceptRequest): Promise<AcceptOutcome> {
  const { owner, request, requestHash, idempotencyKey: key, force } = accept;
  const duplicateLock = `dup:${owner}:${JSON.stringify([request.language, request.level, request.length, request.topic.toLowerCase()])}`;
  return db.transaction().execute(async (trx) => {
    // Same key or same inputs queue here, so exactly one of the concurrent requests creates the article.
    await sql`SELECT ${key ? sql`pg_advisory_xact_lock(hashtextextended(${`idem:${owner}:${key}`}, 0)),` : sql``}
                     pg_advisory_xact_lock(hashtextextended(${duplicateLock}, 0))`.execute(trx);
    const { rows: matches } = await sql<Match>`
      (SELECT 'key' AS match, a.*, k.request_hash FROM idempotency_keys k JOIN articles a ON a.id = k.article_id
        WHERE k.owner = ${owner} AND k.key = ${key ?? null}
          AND k.created_at > now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS}))
      UNION ALL
      (SELECT 'duplicate' AS match, a.*, NULL AS request_hash FROM articles a
        WHERE ${!force} AND a.owner = ${owner} AND a.language = ${request.language} AND a.level = ${request.level}
          AND a.length = ${request.length} AND lower(a.topic) = ${request.topic.toLowerCase()}
          AND a.created_at > now() - interval '24 hours' AND a.deleted_at IS NULL
        ORDER BY a.created_at DESC LIMIT 1)`.execute(trx);
    const byKey = matches.find((row) => row.match === 'key');
    if (byKey) {
      if (byKey.request_hash !== requestHash) return { kind: 'key_reused' };
      return { kind: 'existing', article: articleOf(byKey) };
    }
    const duplicate = matches.find((row) => row.match === 'duplicate');
    if (duplicate) return { kind: 'duplicate', article: articleOf(duplicate) };
    await accept.beforeCreate?.(trx);

    const id = randomUUID();
    // The run this start makes carries the request's id in its input; the worker checks it against start_id.
    const startId = randomUUID();
    const { rows } = await sql<Article & { start_request_id: string }>`
      WITH article AS (
        INSERT INTO articles (id, owner, language, level, length, topic, status, workflow_id, start_id)
        VALUES (${id}, ${owner}, ${request.language}, ${request.level}, ${request.length}, ${request.topic},
                'queued', ${`article-${id}`}, ${startId})
        RETURNING *),
      idempotency AS (
        INSERT INTO idempotency_keys (owner, key, request_hash, article_id)
        SELECT ${owner}, ${key ?? null}, ${requestHash}, ${id} WHERE ${key ?? null}::text IS NOT NULL
        -- An expired key is free again: it now names the new article.
        ON CONFLICT (owner, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, article_id = EXCLUDED.article_id, created_at = now()),
      start AS (
        INSERT INTO start_requests (id, article_id, kind, next_attempt_at, attempts)
        VALUES (${startId}, ${id}, 'new', now() + make_interval(secs => ${accept.leaseMs / 1000}), 1)
        RETURNING id),
      counted AS (
        INSERT INTO generation_starts (owner, article_id, kind) SELECT owner, id, 'new' FROM article)
      SELECT article.*, start.id AS start_request_id FROM article, start`.execute(trx);
    const { start_request_id: requestId, ...article } = rows[0] as Article & { start_request_id: string };
    return { kind: 'created', article, start: claimedStart(article, requestId) };
  });
}

function articleOf(match: Match): Article {
  const { match: _match, request_hash: _hash, ...article } = match;
  return article;
}

/**
 * A failed or cancelled article goes back to `queued` with a retry start request, counted as one of the day's
 * generations, in one statement. The next
 * run's progress versions start above the last run's, so event IDs keep growing. Undefined when the article
 * is no longer failed or cancelled.
 */
export async function acceptRetry(
  db: Db,
  articleId: string,
  leaseMs: number,
): Promise<ClaimedStart | undefined> {
  const { rows } = await sql<Article & { start_request_id: string }>`
    WITH reset AS (
      UPDATE articles
         SET status = 'queued', error = NULL, stage = NULL, progress = NULL, updated_at = now(),
             progress_base = progress_base + coalesce((progress ->> 'version')::int, 0) + 1,
             -- The run being replaced is no longer the article's: its stages and its outcome are refused.
             start_id = gen_random_uuid(), run_id = NULL
       WHERE id = ${articleId} AND status IN ('failed', 'cancelled')
      RETURNING *),
    start AS (
      INSERT INTO start_requests (id, article_id, kind, next_attempt_at, attempts)
      SELECT start_id, id, 'retry', now() + make_interval(secs => ${leaseMs / 1000}), 1 FROM reset
      ON CONFLICT (article_id) DO UPDATE
        SET id = EXCLUDED.id, kind = 'retry', next_attempt_at = EXCLUDED.next_attempt_at, attempts = 1,
            last_error = NULL
      RETURNING id),
    -- A retry counts toward the day's generations like a new article.
    counted AS (
      INSERT INTO generation_starts (owner, article_id, kind) SELECT owner, id, 'retry' FROM reset)
    SELECT reset.*, start.id AS start_request_id FROM reset, start`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { start_request_id: requestId, ...article } = row;
  return { requestId, kind: 'retry', attempts: 1, article };
}
