import { ApplicationFailure } from '@temporalio/common';
import { DatabaseError } from 'pg';
import { classifyFailure } from './outages';
import { StorageUnavailableError } from './storage';

function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

/** The first attempt, under the default policy: its backoff (1 s) is below any Retry-After in these tests. */
const FIRST = { attempt: 1, maxIntervalMs: 300_000 };

describe('classifyFailure', () => {
  test('an adapter outage is waited out, with the delay the provider asked for', () => {
    const error = ApplicationFailure.create({
      message: 'HTTP 503',
      type: 'LlmUnavailable',
      nextRetryDelay: 7_000,
    });
    expect(classifyFailure(error, 25, FIRST)).toEqual({
      error,
      outage: { dependency: 'llm', retryAfterMs: 7_000 },
    });
    const search = ApplicationFailure.create({ message: 'HTTP 502', type: 'SearchUnavailable' });
    expect(classifyFailure(search, 1, FIRST).outage).toEqual({ dependency: 'news', retryAfterMs: undefined });
  });

  test('an unreachable store or database becomes a typed outage that names it', () => {
    const storage = classifyFailure(new StorageUnavailableError(new Error('socket hang up')), 3, FIRST);
    expect(storage.outage).toEqual({ dependency: 'storage' });
    expect(storage.error).toMatchObject({ type: 'StorageUnavailable', nonRetryable: false });
    expect((storage.error as Error).message).toBe('The article storage is unreachable: socket hang up');

    const database = classifyFailure(connectionRefused(), 40, FIRST);
    expect(database.outage).toEqual({ dependency: 'database' });
    expect(database.error).toMatchObject({ type: 'DatabaseUnavailable', nonRetryable: false });
    expect((database.error as Error).message).toBe(
      'The database is unreachable: connect ECONNREFUSED 127.0.0.1:5432',
    );

    const shuttingDown = Object.assign(new DatabaseError('terminating connection', 0, 'error'), {
      code: '57P01',
    });
    expect(classifyFailure(shuttingDown, 1, FIRST).outage).toEqual({ dependency: 'database' });
  });

  test('a database error that is not an outage is not waited out', () => {
    const violation = Object.assign(new DatabaseError('duplicate key', 0, 'error'), { code: '23505' });
    expect(classifyFailure(violation, 1, FIRST)).toEqual({ error: violation });
  });

  test('an error that cannot succeed is passed on as it is, on any attempt', () => {
    const refused = ApplicationFailure.nonRetryable('bad key', 'LlmAuthError');
    expect(classifyFailure(refused, 1, FIRST)).toEqual({ error: refused });
    expect(classifyFailure(refused, 30, FIRST)).toEqual({ error: refused });
  });

  test('any other error is retried, and given up at its 10th failure, however many outage attempts came before', () => {
    const bug = new TypeError('x is undefined');
    expect(classifyFailure(bug, 9, FIRST)).toEqual({ error: bug });
    const tenth = classifyFailure(bug, 10, FIRST).error as ApplicationFailure;
    expect(tenth).toMatchObject({ type: 'TypeError', nonRetryable: true });
    expect(tenth.message).toBe('Gave up after 10 attempts: x is undefined');
    const invalid = ApplicationFailure.create({ message: 'not JSON', type: 'LlmInvalidOutput' });
    expect((classifyFailure(invalid, 10, FIRST).error as ApplicationFailure).nonRetryable).toBe(true);
  });

  test("a provider's Retry-After never paces retries faster than the policy's backoff", () => {
    const rateLimited = (seconds: number) =>
      ApplicationFailure.create({
        message: 'HTTP 429',
        type: 'LlmRateLimited',
        nextRetryDelay: seconds * 1_000,
        details: [{ status: 429 }],
      });
    // At attempt 6 the policy waits 32 s; "Retry-After: 1" does not make it try every second.
    const sixth = classifyFailure(rateLimited(1), 1, { attempt: 6, maxIntervalMs: 300_000 });
    expect(sixth.outage).toEqual({ dependency: 'llm', retryAfterMs: 32_000 });
    expect(sixth.error).toMatchObject({
      type: 'LlmRateLimited',
      message: 'HTTP 429',
      nextRetryDelay: 32_000,
      nonRetryable: false,
      details: [{ status: 429 }],
    });
    // Past the longest pause, the pause stays there.
    const late = classifyFailure(rateLimited(1), 1, { attempt: 40, maxIntervalMs: 300_000 });
    expect(late.outage?.retryAfterMs).toBe(300_000);
    // A longer wait the provider asks for is kept.
    const patient = rateLimited(120);
    expect(classifyFailure(patient, 1, { attempt: 2, maxIntervalMs: 300_000 })).toEqual({
      error: patient,
      outage: { dependency: 'llm', retryAfterMs: 120_000 },
    });
  });
});
