import { useApiHarness } from '../helpers/api-harness';
import { insertUsage } from '../helpers/article-rows';

const harness = useApiHarness({
  rateLimitPerMinute: 1000,
  budget: { dailyUsd: 1, dailyGenerations: 3, serviceDailyUsd: 0, serviceDailyTokens: 0 },
});

const request = (topic: string) => ({ language: 'en', level: 'B1', length: 300, topic });

/** Spend as the worker records it: a priced call of this learner, today. */
const spend = (owner: string, costUsd: number) => insertUsage(harness.db, { owner, costUsd, tokens: 2000 });

test('past the daily cost budget, new work is refused with when it resets; work already running completes', async () => {
  const user = await harness.signUp();
  harness.llm.setChunkDelay('draft', 300);
  const running = await user.post('/articles', request('lighthouses'));
  expect(running.status).toBe(202);
  await harness.llm.waitForRequests('draft');
  await spend(user.userId, 1.25);

  const refused = await user.post('/articles', request('ferries'));
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('budget_exceeded');
  expect(refused.body.error.message).toMatch(
    /^Your daily budget of \$1\.00 is spent \(\$1\.\d\d today\); it resets at 00:00 UTC, in (\d+ h )?\d+ min$/,
  );
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(86_400);
  expect(refused.body.error.details).toMatchObject({
    dailyUsd: 1,
    resetsAt: expect.stringMatching(/T00:00:00\.000Z$/),
  });

  // A sense not in the dictionary cache would be a model call, so it waits for the reset too.
  const lookup = await user.post('/dictionary/lookup', {
    word: 'harbour',
    sentence: 'The ferry left the harbour at dawn.',
    language: 'en',
    mode: 'context',
  });
  expect(lookup.status).toBe(429);
  expect(lookup.body.error.code).toBe('budget_exceeded');
  // The offline dictionary costs nothing, so it still answers.
  const offline = await user.post('/dictionary/lookup', {
    word: 'harbour',
    sentence: 'The ferry left the harbour at dawn.',
    language: 'en',
  });
  expect(offline.status).toBe(200);
  expect(offline.body).toMatchObject({ source: 'offline', lemma: 'harbour' });

  await harness.jobResult(running.body.jobId);
  expect((await user.get(`/articles/${running.body.articleId}`)).body.status).toBe('completed');
  const usage = await user.get('/usage');
  expect(usage.body.budget).toMatchObject({ dailyUsd: 1, generationsToday: 1, dailyGenerations: 3 });
  expect(usage.body.budget.spentTodayUsd).toBeGreaterThan(1.25);
});

test('the daily generation count refuses the next request, but not the replay of one already accepted', async () => {
  const user = await harness.signUp();
  const keys = ['k1', 'k2', 'k3'];
  for (const [i, key] of keys.entries()) {
    const res = await user.post('/articles', request(`canals ${i}`), { 'idempotency-key': key });
    expect(res.status).toBe(202);
  }
  const fourth = await user.post('/articles', request('canals 3'), { 'idempotency-key': 'k4' });
  expect(fourth.status).toBe(429);
  expect(fourth.body.error.message).toMatch(
    /^You have made your 3 generations for today; it resets at 00:00 UTC/,
  );

  const replay = await user.post('/articles', request('canals 0'), { 'idempotency-key': 'k1' });
  expect(replay.status).toBeLessThan(300);
  expect(replay.body.articleId).toBeDefined();
});

test("an operator can set one learner's own limits; 0 means no limit", async () => {
  const user = await harness.signUp();
  await harness.db
    .updateTable('users')
    .set({ daily_generations: 4, daily_budget_usd: 0 })
    .where('id', '=', user.userId)
    .execute();
  await spend(user.userId, 5);
  for (let i = 0; i < 4; i++)
    expect((await user.post('/articles', request(`bridges ${i}`))).status).toBe(202);
  expect((await user.post('/articles', request('bridges 4'))).status).toBe(429);
  const usage = await user.get('/usage');
  expect(usage.body.budget).toMatchObject({ dailyUsd: null, dailyGenerations: 4, generationsToday: 4 });
});

test('a retry of a cancelled generation counts toward the day, and is refused past it', async () => {
  const user = await harness.signUp();
  await harness.db
    .updateTable('users')
    .set({ daily_generations: 2, daily_budget_usd: 0 })
    .where('id', '=', user.userId)
    .execute();
  // Slow enough that the cancel finds it unfinished.
  harness.llm.setChunkDelay('research', 1_000);
  const article = await user.post('/articles', request('tunnels'));
  expect(article.status).toBe(202);
  expect((await user.post(`/articles/${article.body.articleId}/cancel`, {})).status).toBe(202);
  expect((await harness.settled(article.body.articleId)).status).toBe('cancelled');
  harness.llm.setChunkDelay('research', 0);

  const retried = await user.post(`/articles/${article.body.articleId}/retry`, {});
  expect(retried.status).toBe(202);
  expect((await user.get('/usage')).body.budget).toMatchObject({ generationsToday: 2, dailyGenerations: 2 });
  // The retried run's start is the article's second of the day; a new article would be the third.
  expect((await harness.settled(article.body.articleId)).status).toBe('completed');
  const third = await user.post('/articles', request('canals'));
  expect(third.status).toBe(429);
  expect(third.body.error.message).toMatch(/^You have made your 2 generations for today/);
});
