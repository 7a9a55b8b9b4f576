import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect';
import type { ArticleRequest, GenerateArticleInput } from '../../workflows/input';
import type { StageRetry } from '../../workflows/stage-retry';

export const DEFAULT_REQUEST: ArticleRequest = {
  language: 'en',
  level: 'B1',
  length: 300,
  topic: 'renewable energy',
};

export async function insertUser(db: Db): Promise<string> {
  const user = await db
    .insertInto('users')
    .values({ email: `${randomUUID()}@example.com`, password_hash: 'not-used' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

/** Inserts the article row the API would create, and returns the workflow input for it. */
export async function insertArticle(
  db: Db,
  options: { request?: Partial<ArticleRequest>; owner?: string; retry: StageRetry },
): Promise<GenerateArticleInput> {
  const input: GenerateArticleInput = {
    ...DEFAULT_REQUEST,
    ...options.request,
    articleId: randomUUID(),
    owner: options.owner ?? (await insertUser(db)),
    // The start request's id, which the API's starter puts in the input and the row keeps.
    startId: randomUUID(),
    retry: options.retry,
  };
  await db
    .insertInto('articles')
    .values({
      id: input.articleId,
      owner: input.owner,
      language: input.language,
      level: input.level,
      length: input.length,
      topic: input.topic,
      status: 'queued',
      workflow_id: `article-${input.articleId}`,
      start_id: input.startId,
    })
    .execute();
  return input;
}

/** A model call as the worker records it in llm_usage, today; a model with no price has a null cost. */
export async function insertUsage(
  db: Db,
  usage: { owner: string; costUsd: number | null; tokens: number },
): Promise<void> {
  await db
    .insertInto('llm_usage')
    .values({
      owner: usage.owner,
      article_id: null,
      operation: 'draft',
      model: usage.costUsd === null ? 'someones-own-model' : 'gpt-4o-mini',
      prompt_tokens: usage.tokens,
      completion_tokens: 0,
      cost_usd: usage.costUsd,
      attempt_id: randomUUID(),
    })
    .execute();
}
