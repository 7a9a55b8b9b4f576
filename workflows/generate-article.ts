import { RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import {
  ActivityCancellationType,
  ActivityFailure,
  type ActivityOptions,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { UploadSources } from '../activities/upload';
// Types only: ./input loads zod, which only generations started before input-checked-by-stages evaluate.
import type { GenerateArticleInput } from './input';
import { progressQuery, stageAttemptSignal } from './messages';
import {
  INPUT_CHECKED_BY_STAGES_PATCH,
  LEVEL_CHECK_PATCH,
  LOCAL_OUTCOME_PATCH,
  NARRATION_PATCH,
  QUESTIONS_PATCH,
  RETRY_BY_TIME_PATCH,
} from './patches';
import { ProgressTracker } from './progress';
import { SEARCH_ATTRIBUTES } from './search-attributes';
import {
  BACKOFF_COEFFICIENT,
  DEFAULT_STAGE_RETRY,
  INITIAL_INTERVAL_MS,
  LEGACY_STAGE_RETRY,
  retryProblem,
  type StageRetry,
} from './stage-retry';
import {
  type Dependency,
  type GenerationProgress,
  type GenerationSummary,
  type LevelPass,
  MAX_REVISIONS,
  type OptionalStage,
  STAGES,
  STAGES_BEFORE_LEVEL_CHECK,
  STAGES_BEFORE_NARRATION,
  STAGES_BEFORE_QUESTIONS,
  type StageError,
  type StageName,
  type StageResult,
} from './types';

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

function stageOptions(retry: StageRetry | undefined): ActivityOptions {
  return {
    // Activities heartbeat every few seconds, so a lost worker is noticed within this time and the stage retried.
    heartbeatTimeout: '10 seconds',
    startToCloseTimeout: '15 minutes',
    // Without a budget a stage retries 10 times; with one, it retries until the budget runs out, however many
    // attempts that takes. Errors other than outages are still given up after 10 attempts by the activity.
    ...(retry ? { scheduleToCloseTimeout: retry.budgetMs } : {}),
    // Cancelling waits until the activity has stopped its LLM call, so nothing keeps spending after "cancelled".
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: INITIAL_INTERVAL_MS,
      backoffCoefficient: BACKOFF_COEFFICIENT,
      maximumInterval: retry?.maxIntervalMs ?? LEGACY_STAGE_RETRY.maxIntervalMs,
      maximumAttempts: retry ? undefined : LEGACY_STAGE_RETRY.maxAttempts,
      nonRetryableErrorTypes: NON_RETRYABLE,
    },
  };
}

/** Generations that recorded their outcome before the patch outcome-as-local-activity keep this activity. */
const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The outcome is one UPDATE of the article row with the same values each time, so running it again (a workflow
 * task retried after a worker died during it, or a time-out) is harmless. It retries without limit and with the
 * activity's pauses: a generation never ends with its row left `running`. Pauses up to 10 s stay in the worker,
 * which keeps the workflow task open; longer ones, in a PostgreSQL outage, become server timers (a timer and a
 * workflow task a retry, at most one each 30 s) rather than a workflow-task heartbeat every 8 s.
 */
const outcome = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Records the generation's end in its row, by local activity on code that has the patch, else by activity. */
function recordOutcome(progress: GenerationProgress): Promise<void> {
  return patched(LOCAL_OUTCOME_PATCH) ? outcome.recordOutcome(progress) : bookkeeping.recordOutcome(progress);
}

/**
 * How generations started before the patch input-checked-by-stages check their input: with zod, before the
 * first stage. The module is required here, not imported, so the bundle evaluates ./input and zod only for
 * them; their histories replay with the same failure as before.
 */
/** The failure of a request no attempt can run: non-retryable, so the generation fails at once. */
const invalidInput = (problems: string) =>
  ApplicationFailure.nonRetryable(`Invalid article request: ${problems}`, 'InvalidInput');

/** The stages check the input; only its retry setting is needed before any stage can be scheduled. */
function checkedRetry(rawInput: GenerateArticleInput): GenerateArticleInput {
  const problem = retryProblem(rawInput.retry);
  if (problem) throw invalidInput(problem);
  return rawInput;
}

function parseInputInWorkflow(rawInput: GenerateArticleInput): GenerateArticleInput {
  const { checkInput } = require('./input') as typeof import('./input');
  const checked = checkInput(rawInput);
  if (checked.problems !== undefined) throw invalidInput(checked.problems);
  return checked.input;
}

/**
 * The failure a person can act on: the innermost ApplicationFailure, and whether the retry budget ran out.
 * When the budget runs out during an attempt, Temporal reports a bare time-out; the last error the stage
 * reported then says what went wrong.
 */
function describeFailure(error: unknown, lastReported: StageError | undefined): StageError {
  let cause: unknown = error;
  let budgetSpent = false;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure)) {
    if (cause instanceof ActivityFailure && cause.retryState === RetryState.TIMEOUT) budgetSpent = true;
    if (cause instanceof TimeoutFailure && cause.timeoutType === TimeoutType.SCHEDULE_TO_CLOSE)
      budgetSpent = true;
    if (!('cause' in cause) || !cause.cause) break;
    cause = cause.cause;
  }
  const gaveUp = budgetSpent ? 'Gave up when the retry time budget ran out. Last error: ' : '';
  if (cause instanceof ApplicationFailure) {
    return {
      type: cause.type ?? 'Error',
      message: gaveUp + cause.message,
      nonRetryable: Boolean(cause.nonRetryable),
    };
  }
  if (budgetSpent && lastReported)
    return { ...lastReported, message: gaveUp + lastReported.message, nonRetryable: true };
  return {
    type: (cause as Error)?.name ?? 'Error',
    message: gaveUp + ((cause as Error)?.message ?? String(cause)),
  };
}

/** One article: research → draft → adapt → upload. History carries blob keys, never article text. */
export async function generateArticle(rawInput: GenerateArticleInput): Promise<GenerationSummary> {
  const retry = patched(RETRY_BY_TIME_PATCH) ? (rawInput.retry ?? DEFAULT_STAGE_RETRY) : undefined;
  const levelCheck = patched(LEVEL_CHECK_PATCH);
  const questions = levelCheck && patched(QUESTIONS_PATCH);
  const narration = questions && patched(NARRATION_PATCH);
  const stages = proxyActivities<Activities>(stageOptions(retry));
  const tracker = new ProgressTracker(
    rawInput.articleId,
    String(rawInput.topic),
    String(rawInput.level),
    retry?.maxIntervalMs ?? LEGACY_STAGE_RETRY.maxIntervalMs,
    narration
      ? STAGES
      : questions
        ? STAGES_BEFORE_NARRATION
        : levelCheck
          ? STAGES_BEFORE_QUESTIONS
          : STAGES_BEFORE_LEVEL_CHECK,
  );
  // Operators find waiting generations by this attribute: `OpadWaitingOn IS NOT NULL`.
  let waitingOn: Dependency | undefined;
  const publishWaiting = () => {
    if (!retry || tracker.waitingOn() === waitingOn) return;
    waitingOn = tracker.waitingOn();
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.OpadWaitingOn, value: waitingOn ?? null }]);
  };
  setHandler(progressQuery, () => tracker.snapshot());
  setHandler(stageAttemptSignal, (report) => {
    tracker.recordAttempt(report, new Date());
    publishWaiting();
  });
  const setStage = (stage: string) =>
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.OpadStage, value: stage }]);

  const runStage = async (name: StageName, run: () => Promise<StageResult>): Promise<StageResult> => {
    tracker.start(name, new Date());
    setStage(name);
    const result = await run();
    tracker.complete(result, new Date());
    publishWaiting();
    return result;
  };

  try {
    // Each stage activity checks the input before it does anything (activities/stage-runner.ts), so invalid
    // input fails the first stage at once, without a retry.
    const input = patched(INPUT_CHECKED_BY_STAGES_PATCH)
      ? checkedRetry(rawInput)
      : parseInputInWorkflow(rawInput);
    const research = await runStage('research', () => stages.research(input));
    const draft = await runStage('draft', () => stages.draft(input, research.keys.research as string));
    const adapt = await runStage('adapt', () => stages.adapt(input, draft.keys.draft as string));
    let final = { adapted: adapt.keys.adapted as string, edits: adapt.keys.edits as string };
    const levelReports: string[] = [];
    let reviser: string | undefined;

    /** The level stage: check, and while the text is too hard and passes remain, revise and check again. */
    const checkLevel = async (): Promise<StageResult> => {
      const tokens = { prompt: 0, completion: 0 };
      let reused = true;
      for (let pass = 1; ; pass++) {
        const check = await stages.checkLevel(input, { adapted: final.adapted, pass });
        levelReports.push(check.keys.level as string);
        reused &&= check.reused;
        const result = check.levelPass as LevelPass;
        const revise = result.verdict === 'too-hard' && pass <= MAX_REVISIONS;
        tracker.recordLevelPass(result, revise);
        if (!revise) break;
        const revision = await stages.reviseForLevel(input, { ...final, level: check.keys.level as string });
        final = { adapted: revision.keys.adapted as string, edits: revision.keys.edits as string };
        tokens.prompt += revision.tokens.prompt;
        tokens.completion += revision.tokens.completion;
        reused &&= revision.reused;
        reviser = revision.model;
      }
      return { stage: 'level', keys: { level: levelReports.at(-1) as string }, tokens, reused };
    };
    if (levelCheck) await runStage('level', checkLevel);

    // Questions and narration are a bonus: when one cannot be made, the learner still gets the article, and the
    // job says why.
    const optionalStage = async (name: OptionalStage, run: () => Promise<StageResult>) => {
      try {
        return { result: await runStage(name, run) };
      } catch (error) {
        if (isCancellation(error)) throw error;
        const failure = describeFailure(error, tracker.currentStageError());
        tracker.skip(name, failure, new Date());
        publishWaiting();
        return { skipped: failure.message };
      }
    };
    const { result: questionsResult, skipped: questionsSkipped } = questions
      ? await optionalStage('questions', () => stages.writeQuestions(input, { adapted: final.adapted }))
      : {};
    const { result: narrationResult, skipped: narrationSkipped } = narration
      ? await optionalStage('narration', () => stages.narrate(input, { adapted: final.adapted }))
      : {};

    const upload = await runStage('upload', () =>
      stages.upload(input, {
        research: research.keys.research as string,
        adapted: final.adapted,
        edits: final.edits,
        vocabulary: draft.keys.vocabulary,
        models: {
          research: research.model,
          draft: draft.model,
          adapt: adapt.model,
          ...(reviser ? { level: reviser } : {}),
          ...(questionsResult?.model ? { questions: questionsResult.model } : {}),
        },
        ...(levelCheck ? { levelReports } : {}),
        ...(questionsResult ? { questions: questionsResult.keys.questions } : {}),
        ...(questionsSkipped ? { questionsSkipped } : {}),
        ...(narrationResult ? { narration: narrationResult.keys as UploadSources['narration'] } : {}),
        ...(narrationSkipped ? { narrationSkipped } : {}),
      }),
    );
    const summary: GenerationSummary = {
      articleId: input.articleId,
      keys: {
        ...research.keys,
        ...draft.keys,
        ...adapt.keys,
        ...final,
        ...questionsResult?.keys,
        ...narrationResult?.keys,
        ...upload.keys,
      },
      title: upload.title,
      wordCount: upload.wordCount,
      tokens: tracker.totalTokens(),
    };
    tracker.finish(summary);
    setStage('completed');
    await recordOutcome(tracker.snapshot());
    return summary;
  } catch (error) {
    if (isCancellation(error)) {
      tracker.cancel(new Date());
      publishWaiting();
      setStage('cancelled');
      await CancellationScope.nonCancellable(() => recordOutcome(tracker.snapshot()));
      throw error;
    }
    const failure = describeFailure(error, tracker.currentStageError());
    tracker.fail(failure, new Date());
    publishWaiting();
    setStage('failed');
    await recordOutcome(tracker.snapshot());
    throw ApplicationFailure.create({
      message: failure.message,
      type: failure.type,
      nonRetryable: true,
      cause: error as Error,
    });
  }
}
