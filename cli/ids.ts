import { UsageError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface JobRef {
  articleId: string;
  jobId: string;
}

/** People paste either id; the job id is the workflow ID `article-{articleId}`. */
export function parseJobRef(value: string): JobRef {
  const lower = value.trim().toLowerCase();
  const articleId = lower.startsWith('article-') ? lower.slice('article-'.length) : lower;
  if (!UUID.test(articleId)) {
    throw new UsageError(`"${value}" is neither an article id (a UUID) nor a job id (article-<uuid>)`, [
      '`opad list` shows the ids of your articles',
    ]);
  }
  return { articleId, jobId: `article-${articleId}` };
}

/** An article id becomes its workflow ID; anything else is taken as a workflow ID as it is. */
export function workflowIdOf(value: string): string {
  const trimmed = value.trim();
  return UUID.test(trimmed.toLowerCase()) ? `article-${trimmed.toLowerCase()}` : trimmed;
}
