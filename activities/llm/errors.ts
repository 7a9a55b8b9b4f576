import { ApplicationFailure } from '@temporalio/common';
import OpenAI from 'openai';

/** Failure types a person or an operator can act on; the workflow and the API show them as-is. */
export const LlmFailure = {
  auth: 'LlmAuthError',
  badRequest: 'LlmBadRequest',
  modelNotFound: 'LlmModelNotFound',
  refused: 'ContentRefused',
  rateLimited: 'LlmRateLimited',
  unavailable: 'LlmUnavailable',
  stalled: 'LlmStalled',
  invalidOutput: 'LlmInvalidOutput',
  truncated: 'LlmOutputTruncated',
} as const;

/** Seconds or an HTTP date, as RFC 9110 allows; `retry-after-ms` is OpenAI's finer variant. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps a provider error to a retryable or non-retryable failure, so Temporal retries only what can succeed. */
export function toLlmFailure(error: unknown, model: string): unknown {
  if (!(error instanceof OpenAI.APIError) || error instanceof OpenAI.APIUserAbortError) return error;
  const status = error.status;
  const detail = error.message;
  if (status === 401 || status === 403) {
    return ApplicationFailure.nonRetryable(
      `The LLM provider refused the API key (HTTP ${status}). Set a valid OPENAI_API_KEY. Provider said: ${detail}`,
      LlmFailure.auth,
    );
  }
  if (status === 404) {
    return ApplicationFailure.nonRetryable(
      `The LLM provider does not know model "${model}" (HTTP 404). Check LLM_MODEL.`,
      LlmFailure.modelNotFound,
    );
  }
  if (status === 429) {
    const delay = retryAfterMs(error.headers);
    return ApplicationFailure.create({
      message: `The LLM provider is rate limiting (HTTP 429)${delay === undefined ? '' : `; retrying after ${Math.ceil(delay / 1000)} s`}.`,
      type: LlmFailure.rateLimited,
      nextRetryDelay: delay === undefined ? undefined : Math.max(delay, 100),
    });
  }
  if (status === 400 || status === 422) {
    const refused = /content[_ ]?(filter|policy)|safety|refus/i.test(`${error.code ?? ''} ${detail}`);
    return ApplicationFailure.nonRetryable(
      refused
        ? `The LLM provider refused this content: ${detail}`
        : `The LLM provider rejected the request (HTTP ${status}): ${detail}`,
      refused ? LlmFailure.refused : LlmFailure.badRequest,
    );
  }
  // A provider that says when to come back (Retry-After on a 503) is asked again then, not sooner.
  const delay = retryAfterMs(error.headers);
  return ApplicationFailure.create({
    message: `The LLM provider is unavailable (${status ? `HTTP ${status}` : 'no connection'})${delay === undefined ? '' : `; retrying after ${Math.ceil(delay / 1000)} s`}: ${detail}`,
    type: LlmFailure.unavailable,
    nextRetryDelay: delay === undefined ? undefined : Math.max(delay, 100),
  });
}
