import { type Client, type WorkflowExecutionDescription, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Article } from '../../db/schema';
import type { GenerateArticleInput } from '../../workflows/input';
import { progressQuery } from '../../workflows/messages';
import type { GenerationProgress } from '../../workflows/types';
import type { ApiMetrics } from '../metrics';

export const workflowIdOf = (articleId: string) => `article-${articleId}`;
export const articleIdOfJob = (jobId: string) => jobId.replace(/^article-/, '');

/** What the API's background parts share: every Temporal call goes through here, counted and bounded. */
export interface TemporalAccess {
  temporal: Client;
  metrics: ApiMetrics;
  logger: Logger;
}

export type TemporalCall = 'start' | 'query' | 'describe' | 'cancel' | 'history' | 'list' | 'schedule';

/** One counted Temporal call that gives up after `timeoutMs`, so an unreachable server never holds a caller. */
export function callTemporal<T>(
  access: TemporalAccess,
  call: TemporalCall,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  access.metrics.temporalCalls.inc({ call });
  return access.temporal.connection.withDeadline(Date.now() + timeoutMs, fn);
}

export function inputOf(article: Pick<Article, 'id' | 'owner' | 'language' | 'level' | 'length' | 'topic'>) {
  return {
    articleId: article.id,
    owner: article.owner,
    language: article.language as GenerateArticleInput['language'],
    level: article.level as GenerateArticleInput['level'],
    length: article.length,
    topic: article.topic,
  } satisfies GenerateArticleInput;
}

/** The latest run of the article's workflow, or undefined when it never started. */
export async function describeRun(
  access: TemporalAccess,
  articleId: string,
  timeoutMs: number,
): Promise<WorkflowExecutionDescription | undefined> {
  try {
    return await callTemporal(access, 'describe', timeoutMs, () =>
      access.temporal.workflow.getHandle(workflowIdOf(articleId)).describe(),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

export function queryProgress(
  access: TemporalAccess,
  articleId: string,
  timeoutMs: number,
  runId?: string,
): Promise<GenerationProgress> {
  return callTemporal(access, 'query', timeoutMs, () =>
    access.temporal.workflow.getHandle(workflowIdOf(articleId), runId).query(progressQuery),
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
