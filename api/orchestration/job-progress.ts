import type { JobState } from '../../db/queries/articles';
import type { GenerationProgress, StageError, StageName } from '../../workflows/types';

const FINAL = new Set(['completed', 'failed', 'cancelled']);

export const isFinal = (progress: Pick<GenerationProgress, 'status'>) => FINAL.has(progress.status);

/** A run counts its versions from 1; the job's versions continue across runs (the row's progress_base). */
export const withBase = (progress: GenerationProgress, base: number): GenerationProgress => ({
  ...progress,
  version: base + progress.version,
});

function waitingMessage(state: JobState): string {
  if (state.start_attempts === null) return 'Waiting for a worker';
  if (!state.start_last_error) return 'Starting the generation';
  const next = state.start_next_attempt_at?.toISOString();
  return `Saved and waiting for the orchestrator (Temporal), which did not answer: attempt ${state.start_attempts}, next try at ${next}`;
}

/**
 * The final state stored by the run's outcome recording, or the reconciler, or a cancel before the start. A
 * row can read `completed` a moment before its final progress is stored (upload marks it first).
 */
export function storedFinal(state: JobState): GenerationProgress | undefined {
  if (!isFinal(state) || !state.progress || !isFinal(state.progress)) return undefined;
  return withBase(state.progress, state.progress_base);
}

/** A job whose start is still pending has no run of its own yet: Temporal would answer for an older run. */
export const startPending = (state: JobState) => state.start_attempts !== null;

/** The job as its row tells it: the stored final state, or a view of a generation that has no run to ask. */
export function progressFromState(state: JobState): GenerationProgress {
  const final = storedFinal(state);
  if (final) return final;
  return {
    articleId: state.id,
    version: state.progress_base,
    status: state.status,
    stage: (state.stage as StageName | null) ?? null,
    percent: state.status === 'completed' ? 100 : 0,
    stages: [],
    message: state.status === 'queued' ? waitingMessage(state) : `The generation is ${state.status}`,
    error: state.error ? { ...state.error, stage: state.error.stage as StageName | undefined } : undefined,
  };
}

/**
 * The final state of a run that closed without saying so itself (terminated, timed out): its last progress,
 * with the stage it was in marked failed and the reason as the error.
 */
export function failedRunProgress(last: GenerationProgress, error: StageError, at: Date): GenerationProgress {
  const stage = last.stage ?? undefined;
  return {
    ...last,
    version: last.version + 1,
    status: 'failed',
    stages: last.stages.map((entry) =>
      entry.name === stage && entry.status === 'running'
        ? { ...entry, status: 'failed', finishedAt: at.toISOString(), lastError: error }
        : entry,
    ),
    error: { ...error, stage },
    message: `Failed: ${error.message}`,
  };
}

/** The final state written when an article is cancelled before its run started. */
export function cancelledBeforeStart(articleId: string): GenerationProgress {
  return {
    articleId,
    version: 1,
    status: 'cancelled',
    stage: null,
    percent: 0,
    stages: [],
    message: 'Cancelled before the generation started',
  };
}
