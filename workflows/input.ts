import { z } from 'zod';
import { articleRequestSchema } from '../contracts/article-request';
import { MIN_RETRY_MS, type StageRetry } from './stage-retry';

// The request contract lives apart so the web can validate with it without importing workflow code.
export * from '../contracts/article-request';

/**
 * The input's schemas load zod, whose module initialisation is heavy, so workflow code never imports this module
 * for its values: the stage activities check the input (activities/stage-runner.ts), and only generations started
 * before the patch input-checked-by-stages load it, lazily (workflows/generate-article.ts).
 */

/** How long a stage keeps retrying an outage, and the longest pause between two attempts. */
export const stageRetrySchema = z.object({
  budgetMs: z.number().int().min(MIN_RETRY_MS),
  maxIntervalMs: z.number().int().min(MIN_RETRY_MS),
}) satisfies z.ZodType<StageRetry>;

export const generateArticleInputSchema = articleRequestSchema.extend({
  articleId: z.string().min(1),
  owner: z.string().min(1),
  /**
   * The start request that made the run, set by the starter; the stages check it against the article row.
   * Absent in generations started before starts were verified.
   */
  startId: z.string().min(1).optional(),
  /** Set by the starter from its configuration; generations started without it use DEFAULT_STAGE_RETRY. */
  retry: stageRetrySchema.optional(),
});
export type GenerateArticleInput = z.infer<typeof generateArticleInputSchema>;

/** The input checked against the schema: its parsed form, or every problem, as one message a person can act on. */
export function checkInput(
  input: unknown,
): { input: GenerateArticleInput; problems?: undefined } | { problems: string } {
  const parsed = generateArticleInputSchema.safeParse(input);
  if (parsed.success) return { input: parsed.data };
  return { problems: parsed.error.issues.map((issue) => issue.message).join('; ') };
}
