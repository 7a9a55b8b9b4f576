import { z } from 'zod';
import { articleRequestSchema } from '../contracts/article-request';
import { stageRetrySchema } from './stage-retry';

// The request contract lives apart so the web can validate with it without importing workflow code.
export * from '../contracts/article-request';

export const generateArticleInputSchema = articleRequestSchema.extend({
  articleId: z.string().min(1),
  owner: z.string().min(1),
  /** Set by the starter from its configuration; generations started without it use DEFAULT_STAGE_RETRY. */
  retry: stageRetrySchema.optional(),
});
export type GenerateArticleInput = z.infer<typeof generateArticleInputSchema>;
