/**
 * Retry settings of the stages. Imported by workflow code, so it imports nothing: its schema (stageRetrySchema)
 * lives with the input schema in ./input, which loads zod.
 */

/** How long a stage keeps retrying an outage, and the longest pause between two attempts. */
export interface StageRetry {
  budgetMs: number;
  maxIntervalMs: number;
}

/** The shortest budget and pause a generation may ask for: Temporal's retry policy takes whole seconds. */
export const MIN_RETRY_MS = 1_000;

/**
 * Why a requested retry setting cannot drive the stages' retry policy, or undefined when it can. The workflow
 * asks before it schedules any stage, since the stages that check the rest of the input run under that policy.
 */
export function retryProblem(retry: StageRetry | undefined): string | undefined {
  if (retry === undefined) return undefined;
  for (const key of ['budgetMs', 'maxIntervalMs'] as const) {
    const value = retry[key];
    if (!Number.isInteger(value) || value < MIN_RETRY_MS)
      return `retry.${key} must be a whole number of milliseconds, at least ${MIN_RETRY_MS}`;
  }
  return undefined;
}

/** Provider outages of 30 minutes to a few hours happen several times a year; a few minutes' pause costs little. */
export const DEFAULT_STAGE_RETRY: StageRetry = { budgetMs: 6 * 3_600_000, maxIntervalMs: 5 * 60_000 };

/** The policy of generations started before retries were bounded by time: 10 attempts, pauses up to 1 min. */
export const LEGACY_STAGE_RETRY = { maxAttempts: 10, maxIntervalMs: 60_000 } as const;

export const INITIAL_INTERVAL_MS = 1_000;
export const BACKOFF_COEFFICIENT = 2;

/** The pause Temporal makes after failed attempt `attempt` (1-based), as its retry policy computes it. */
export function backoffMs(attempt: number, maxIntervalMs: number): number {
  return Math.min(INITIAL_INTERVAL_MS * BACKOFF_COEFFICIENT ** (attempt - 1), maxIntervalMs);
}
