import { useApiHarness } from '../helpers/api-harness';
import { insertUsage } from '../helpers/article-rows';

// Accounts are free: each learner's budget bounds nothing about the service's day. These caps do.
const harness = useApiHarness({
  rateLimitPerMinute: 1000,
  budget: { dailyUsd: 0, dailyGenerations: 0, serviceDailyUsd: 10, serviceDailyTokens: 1_000_000 },
});

const request = (topic: string) => ({ language: 'en', level: 'B1', length: 300, topic });

const spend = (owner: string, usage: { costUsd: number | null; tokens: number }) =>
  insertUsage(harness.db, { owner, ...usage });

beforeEach(async () => {
  await harness.db.deleteFrom('llm_usage').execute();
});

test('past the service-wide cost cap, every learner is refused, with when it resets', async () => {
  const [spender, other] = [await harness.signUp(), await harness.signUp()];
  expect((await other.post('/articles', request('piers'))).status).toBe(202);
  // Many free accounts spending a little each add up.
  for (let i = 0; i < 5; i++) await spend(spender.userId, { costUsd: 2.5, tokens: 1000 });

  const refused = await other.post('/articles', request('quays'));
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('budget_exceeded');
  expect(refused.body.error.message).toMatch(
    /^opad has used today's spending limit for all learners; it resets at 00:00 UTC, in /,
  );
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  const lookup = await other.post('/dictionary/lookup', {
    word: 'quay',
    sentence: 'The boat waited at the quay.',
    language: 'en',
    mode: 'context',
  });
  expect(lookup.status).toBe(429);
});

test('a model with no price counts against the service cap by its tokens', async () => {
  const learner = await harness.signUp();
  await spend(learner.userId, { costUsd: null, tokens: 999_000 });
  expect((await learner.post('/articles', request('locks'))).status).toBe(202);
  await spend(learner.userId, { costUsd: null, tokens: 2_000 });
  const refused = await learner.post('/articles', request('weirs'));
  expect(refused.status).toBe(429);
  expect(refused.body.error.message).toMatch(/^opad has used today's spending limit for all learners/);
});
