import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { type GenerateArticleInput, generateArticleInputSchema } from './input';
import { progressQuery, stageAttemptSignal } from './messages';
import { ProgressTracker } from './progress';
import { SEARCH_ATTRIBUTES } from './search-attributes';
import type { GenerationSummary, StageError, StageName, StageResult } from './types';

/** Failures a retry cannot fix; everything else (LLM, search, network, 429, 5xx) is retried with backoff. */
const NON_RETRYABLE = [
  'InvalidInput',
  'LlmAuthError',
  'LlmBadRequest',
  'LlmModelNotFound',
  'ContentRefused',
  'LlmOutputTruncated',
  'NoArticleFound',
  'SearchAuthError',
  'ArticleMissing',
];

const stageOptions = {
  // Activities heartbeat every few seconds, so a lost worker is noticed within this time and the stage retried.
  heartbeatTimeout: '10 seconds',
  startToCloseTimeout: '15 minutes',
  // Cancelling waits until the activity has stopped its LLM call, so nothing keeps spending after "cancelled".
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
} as const;

const stages = proxyActivities<Activities>(stageOptions);
const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

function describeFailure(error: unknown): StageError {
  let cause: unknown = error;
  while (
    cause instanceof Error &&
    'cause' in cause &&
    cause.cause &&
    !(cause instanceof ApplicationFailure)
  ) {
    cause = cause.cause;
  }
  if (cause instanceof ApplicationFailure) {
    return { type: cause.type ?? 'Error', message: cause.message, nonRetryable: Boolean(cause.nonRetryable) };
  }
  return { type: (cause as Error)?.name ?? 'Error', message: (cause as Error)?.message ?? String(cause) };
}

/** One article: research → draft → adapt → upload. History carries blob keys, never article text. */
export async function generateArticle(rawInput: GenerateArticleInput): Promise<GenerationSummary> {
  const tracker = new ProgressTracker(rawInput.articleId, String(rawInput.topic), String(rawInput.level));
  setHandler(progressQuery, () => tracker.snapshot());
  setHandler(stageAttemptSignal, (report) => tracker.recordAttempt(report));
  const setStage = (stage: string) =>
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.OpadStage, value: stage }]);

  const runStage = async (name: StageName, run: () => Promise<StageResult>): Promise<StageResult> => {
    tracker.start(name, new Date());
    setStage(name);
    const result = await run();
    tracker.complete(result, new Date());
    return result;
  };

  try {
    const parsed = generateArticleInputSchema.safeParse(rawInput);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
      throw ApplicationFailure.nonRetryable(`Invalid article request: ${problems}`, 'InvalidInput');
    }
    const input = parsed.data;
    const research = await runStage('research', () => stages.research(input));
    const draft = await runStage('draft', () => stages.draft(input, research.keys.research as string));
    const adapt = await runStage('adapt', () => stages.adapt(input, draft.keys.draft as string));
    const upload = await runStage('upload', () =>
      stages.upload(input, {
        research: research.keys.research as string,
        adapted: adapt.keys.adapted as string,
        edits: adapt.keys.edits as string,
        vocabulary: draft.keys.vocabulary,
        models: { research: research.model, draft: draft.model, adapt: adapt.model },
      }),
    );
    const summary: GenerationSummary = {
      articleId: input.articleId,
      keys: { ...research.keys, ...draft.keys, ...adapt.keys, ...upload.keys },
      title: upload.title,
      wordCount: upload.wordCount,
      tokens: tracker.totalTokens(),
    };
    tracker.finish(summary);
    setStage('completed');
    await bookkeeping.recordOutcome(tracker.snapshot());
    return summary;
  } catch (error) {
    if (isCancellation(error)) {
      tracker.cancel(new Date());
      setStage('cancelled');
      await CancellationScope.nonCancellable(() => bookkeeping.recordOutcome(tracker.snapshot()));
      throw error;
    }
    const failure = describeFailure(error);
    tracker.fail(failure, new Date());
    setStage('failed');
    await bookkeeping.recordOutcome(tracker.snapshot());
    throw ApplicationFailure.create({
      message: failure.message,
      type: failure.type,
      nonRetryable: true,
      cause: error as Error,
    });
  }
}
