import { ApplicationFailure } from '@temporalio/common';
import OpenAI from 'openai';
import { retryAfterMs, toLlmFailure } from './errors';

describe('retryAfterMs', () => {
  test('reads retry-after in seconds', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0' }))).toBe(0);
  });

  test('reads retry-after as an HTTP date relative to now', () => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    const now = Date.parse(date) - 12_000;
    expect(retryAfterMs(new Headers({ 'retry-after': date }), now)).toBe(12_000);
  });

  test('treats an HTTP date in the past as no wait', () => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    expect(retryAfterMs(new Headers({ 'retry-after': date }), Date.parse(date) + 5000)).toBe(0);
  });

  test('prefers OpenAI retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '3' }))).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
  });

  test('is undefined without a header or with an unreadable one', () => {
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

function apiError(status: number | undefined, message: string, code?: string, headers = new Headers()) {
  return OpenAI.APIError.generate(status, { error: { message, type: 'test_error', code } }, message, headers);
}

function failure(error: unknown, model = 'gpt-4o-mini'): ApplicationFailure {
  const result = toLlmFailure(error, model);
  expect(result).toBeInstanceOf(ApplicationFailure);
  return result as ApplicationFailure;
}

describe('toLlmFailure', () => {
  test.each([401, 403])('HTTP %i is a non-retryable LlmAuthError naming OPENAI_API_KEY', (status) => {
    const result = failure(apiError(status, 'Incorrect API key provided.'));
    expect(result.type).toBe('LlmAuthError');
    expect(result.nonRetryable).toBe(true);
    expect(result.message).toContain('OPENAI_API_KEY');
    expect(result.message).toContain(`HTTP ${status}`);
    expect(result.message).toContain('Incorrect API key provided.');
  });

  test('HTTP 404 is a non-retryable LlmModelNotFound naming the model', () => {
    const result = failure(apiError(404, 'The model does not exist.'), 'gpt-9-imaginary');
    expect(result.type).toBe('LlmModelNotFound');
    expect(result.nonRetryable).toBe(true);
    expect(result.message).toContain('gpt-9-imaginary');
    expect(result.message).toContain('LLM_MODEL');
  });

  test('HTTP 400 about the content policy is a non-retryable ContentRefused', () => {
    const result = failure(
      apiError(400, 'Your request was rejected because it violates our content policy.'),
    );
    expect(result.type).toBe('ContentRefused');
    expect(result.nonRetryable).toBe(true);
    expect(result.message).toContain('content policy');
  });

  test('HTTP 400 with a content_filter code is a ContentRefused too', () => {
    const result = failure(apiError(400, 'The response was filtered.', 'content_filter'));
    expect(result.type).toBe('ContentRefused');
    expect(result.nonRetryable).toBe(true);
  });

  test('any other HTTP 400 is a non-retryable LlmBadRequest', () => {
    const result = failure(apiError(400, "Invalid value for 'temperature'.", 'invalid_value'));
    expect(result.type).toBe('LlmBadRequest');
    expect(result.nonRetryable).toBe(true);
    expect(result.message).toContain('HTTP 400');
    expect(result.message).toContain("Invalid value for 'temperature'.");
  });

  test('HTTP 429 is a retryable LlmRateLimited that keeps the provider delay', () => {
    const result = failure(
      apiError(429, 'Rate limit reached.', undefined, new Headers({ 'retry-after': '7' })),
    );
    expect(result.type).toBe('LlmRateLimited');
    expect(result.nonRetryable).toBe(false);
    expect(result.nextRetryDelay).toBe(7000);
    expect(result.message).toContain('7 s');
  });

  test('HTTP 429 without a delay leaves the retry policy in charge', () => {
    const result = failure(apiError(429, 'Rate limit reached.'));
    expect(result.type).toBe('LlmRateLimited');
    expect(result.nonRetryable).toBe(false);
    expect(result.nextRetryDelay).toBeUndefined();
  });

  test('HTTP 503 is a retryable LlmUnavailable', () => {
    const result = failure(apiError(503, 'The server is overloaded.'));
    expect(result.type).toBe('LlmUnavailable');
    expect(result.nonRetryable).toBe(false);
    expect(result.message).toContain('HTTP 503');
    expect(result.nextRetryDelay).toBeUndefined();
  });

  test('HTTP 503 with Retry-After asks Temporal to wait that long before the next attempt', () => {
    const result = failure(
      apiError(503, 'Down for maintenance.', undefined, new Headers({ 'retry-after': '7' })),
    );
    expect(result.type).toBe('LlmUnavailable');
    expect(result.nextRetryDelay).toBe(7_000);
    expect(result.message).toContain('retrying after 7 s');
  });

  test('a connection error is a retryable LlmUnavailable', () => {
    const result = failure(
      OpenAI.APIError.generate(undefined, new Error('ECONNREFUSED'), 'Connection error.', undefined),
    );
    expect(result.type).toBe('LlmUnavailable');
    expect(result.nonRetryable).toBe(false);
    expect(result.message).toContain('no connection');
  });

  test('errors that are not from the provider are returned unchanged', () => {
    const plain = new Error('disk full');
    expect(toLlmFailure(plain, 'gpt-4o-mini')).toBe(plain);
    const abort = new OpenAI.APIUserAbortError();
    expect(toLlmFailure(abort, 'gpt-4o-mini')).toBe(abort);
    expect(toLlmFailure('a string', 'gpt-4o-mini')).toBe('a string');
  });
});
