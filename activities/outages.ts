import { types } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { DatabaseError } from 'pg';
import { backoffMs, LEGACY_STAGE_RETRY } from '../workflows/stage-retry';
import type { Dependency, StageAttemptReport } from '../workflows/types';
import { StorageUnavailableError } from './storage';

/** The adapters' failure types that mean "down for now", by what is down. */
const OUTAGE_TYPES: Record<string, Dependency> = {
  LlmUnavailable: 'llm',
  LlmRateLimited: 'llm',
  LlmStalled: 'llm',
  SearchUnavailable: 'news',
  NewsPagesUnreachable: 'news',
  StorageUnavailable: 'storage',
  DatabaseUnavailable: 'database',
};

const FAILURE_TYPE: Record<'storage' | 'database', string> = {
  storage: 'StorageUnavailable',
  database: 'DatabaseUnavailable',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
/** SQLSTATE class 08 (connection), and a server that is shutting down, starting, or full. */
const DATABASE_DOWN_STATES = /^(08...|57P01|57P02|57P03|53300)$/;
const DATABASE_DOWN_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Connection ended/i;

/** Node's own errors (net, dns) may come from another realm than this module's Error, as under Jest. */
function isError(error: unknown): error is Error {
  return error instanceof Error || types.isNativeError(error);
}

/**
 * An unwrapped error of a dependency that is down. Every other adapter wraps its own outages in a typed
 * failure (LLM, news search, storage), so what remains with a network code is the database.
 */
function rawOutage(error: unknown): 'storage' | 'database' | undefined {
  if (error instanceof StorageUnavailableError) return 'storage';
  if (error instanceof DatabaseError)
    return DATABASE_DOWN_STATES.test(error.code ?? '') ? 'database' : undefined;
  if (!isError(error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if ((code && NETWORK_CODES.has(code)) || DATABASE_DOWN_MESSAGES.test(error.message)) return 'database';
  return undefined;
}

function giveUp(error: unknown, failures: number): ApplicationFailure {
  const type =
    error instanceof ApplicationFailure ? (error.type ?? 'Error') : ((error as Error)?.name ?? 'Error');
  const message = (error as Error)?.message ?? String(error);
  return ApplicationFailure.create({
    message: `Gave up after ${failures} attempts: ${message}`,
    type,
    nonRetryable: true,
    cause: isError(error) ? error : undefined,
  });
}

export interface StageFailure {
  /** What the activity throws. */
  error: unknown;
  /** Set when a dependency is down: the stage waits it out, bounded by the workflow's time budget. */
  outage?: StageAttemptReport['outage'];
}

/** Where the stage stands in its retry policy: the attempt that failed, and the longest pause the policy makes. */
export interface RetryPosition {
  attempt: number;
  maxIntervalMs: number;
}

/**
 * The provider's Retry-After, but never sooner than the policy's own backoff for this attempt: a provider that
 * answers `Retry-After: 1` for hours would otherwise set the pace, and every attempt adds events to the run's
 * history. With it, an hour of waiting costs at most about 3600 s / maxInterval attempts once the backoff has
 * grown, whatever the provider says.
 */
function pacedFailure(error: ApplicationFailure, retryAfterMs: number, position: RetryPosition) {
  const delayMs = Math.max(retryAfterMs, backoffMs(position.attempt, position.maxIntervalMs));
  if (delayMs === retryAfterMs) return { error, delayMs };
  const paced = ApplicationFailure.create({
    message: error.message,
    type: error.type ?? undefined,
    details: error.details ? [...error.details] : undefined,
    nextRetryDelay: delayMs,
    cause: error.cause,
  });
  return { error: paced, delayMs };
}

/**
 * Sorts a stage's failure. An outage is retried for as long as the workflow's time budget allows; an error
 * that cannot succeed fails at once (it is non-retryable already); anything else, such as output the model
 * got wrong or a bug, is given up after as many failures as before retries were bounded by time.
 * `otherFailures` counts this one and the earlier failures of the stage that were not outages; `position` paces a
 * provider's Retry-After.
 */
export function classifyFailure(
  error: unknown,
  otherFailures: number,
  position: RetryPosition,
): StageFailure {
  if (error instanceof ApplicationFailure) {
    const dependency = OUTAGE_TYPES[error.type ?? ''];
    if (dependency && !error.nonRetryable) {
      if (error.nextRetryDelay == null) return { error, outage: { dependency } };
      const paced = pacedFailure(error, msToNumber(error.nextRetryDelay), position);
      return { error: paced.error, outage: { dependency, retryAfterMs: paced.delayMs } };
    }
  } else {
    const dependency = rawOutage(error);
    if (dependency) {
      const message = (error as Error).message;
      const failure = ApplicationFailure.create({
        message:
          error instanceof StorageUnavailableError ? message : `The database is unreachable: ${message}`,
        type: FAILURE_TYPE[dependency],
        cause: error as Error,
      });
      return { error: failure, outage: { dependency } };
    }
  }
  const final = error instanceof ApplicationFailure && error.nonRetryable;
  return {
    error: final || otherFailures < LEGACY_STAGE_RETRY.maxAttempts ? error : giveUp(error, otherFailures),
  };
}
