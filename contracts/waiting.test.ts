import { describeWaiting } from './waiting';

const now = Date.parse('2026-11-29T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

test('a waiting stage says on what, for how long, which attempt failed and when the next one starts', () => {
  const waiting = {
    dependency: 'llm' as const,
    since: ago(125_000),
    attempt: 7,
    nextAttemptAt: ago(-40_000),
  };
  expect(describeWaiting(waiting, now)).toBe(
    'Waiting for the LLM provider to come back (down for 2 min) · attempt 7 failed · next try in 40 s',
  );
});

test('long outages read in hours, and a due attempt reads as trying now', () => {
  const waiting = {
    dependency: 'storage' as const,
    since: ago(3 * 3_600_000 + 5 * 60_000),
    attempt: 44,
    nextAttemptAt: ago(200),
  };
  expect(describeWaiting(waiting, now)).toBe(
    'Waiting for the article storage to come back (down for 3 h 5 min) · attempt 44 failed · trying again now',
  );
});

test('a wait for the shared LLM rate limit says so, and when the call goes ahead', () => {
  const waiting = {
    dependency: 'llm' as const,
    since: ago(2_000),
    attempt: 1,
    nextAttemptAt: ago(-12_000),
    capacity: true as const,
  };
  expect(describeWaiting(waiting, now)).toBe(
    'Waiting for LLM capacity: the rate limit shared by all workers is used up for the moment · the call goes ahead in about 12 s',
  );
});
