import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DEFAULT_PRICES } from '../../activities/llm/prices';
import { type ApiClient, useApiHarness } from '../helpers/api-harness';

const harness = useApiHarness();

const DAY_MS = 86_400_000;
const SUM_KEYS = ['calls', 'promptTokens', 'completionTokens', 'costUsd'] as const;

/** Starts a real generation through the API and waits for its workflow to finish. */
async function generate(client: ApiClient, topic: string): Promise<string> {
  const res = await client.post('/articles', { language: 'en', level: 'B1', length: 300, topic });
  expect(res.status).toBe(202);
  await harness.jobResult(res.body.jobId);
  return res.body.articleId;
}

/** What Postgres itself holds, summed by Postgres, for comparison with the API's numbers. */
async function stored(owner: string, articleId?: string) {
  let query = harness.db.selectFrom('llm_usage').where('owner', '=', owner);
  if (articleId) query = query.where('article_id', '=', articleId);
  const sums = await query
    .select([
      sql<string>`count(*)`.as('calls'),
      sql<string>`coalesce(sum(prompt_tokens), 0)`.as('prompt'),
      sql<string>`coalesce(sum(completion_tokens), 0)`.as('completion'),
      sql<string>`coalesce(sum(cost_usd), 0)`.as('cost'),
      sql<string>`coalesce(sum(cost_usd) FILTER (WHERE NOT kept), 0)`.as('retry'),
      sql<string>`count(*) FILTER (WHERE estimated)`.as('estimated'),
      sql<string>`count(*) FILTER (WHERE cost_usd IS NULL)`.as('unpriced'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('created_at').orderBy('id').execute();
  return {
    totals: {
      calls: Number(sums.calls),
      promptTokens: Number(sums.prompt),
      completionTokens: Number(sums.completion),
      costUsd: Number(sums.cost),
      retryCostUsd: Number(sums.retry),
      estimatedCalls: Number(sums.estimated),
      unpricedCalls: Number(sums.unpriced),
    },
    rows,
  };
}

/** Each group list must add up to the totals. */
function expectGroupsAddUp(totals: Record<string, number>, groups: Array<Record<string, number>>) {
  for (const key of SUM_KEYS) {
    const sum = groups.reduce((total, group) => total + (group[key] as number), 0);
    if (key === 'costUsd') expect(sum).toBeCloseTo(totals[key] as number, 6);
    else expect(sum).toBe(totals[key]);
  }
}

const gpt4oMiniCost = (prompt: number, completion: number) => {
  const price = DEFAULT_PRICES['gpt-4o-mini'] as { input: number; output: number };
  return (prompt * price.input + completion * price.output) / 1_000_000;
};

let reader: Awaited<ReturnType<typeof harness.signUp>>;
let firstArticle: string;

test("a generation's four LLM calls show per day, operation and model, priced and matching the database", async () => {
  reader = await harness.signUp();
  firstArticle = await generate(reader, 'renewable energy');

  const res = await reader.get('/usage');
  expect(res.status).toBe(200);
  const { from, to, totals, byDay, byOperation, byModel } = res.body;
  expect(Date.parse(to) - Date.parse(from)).toBe(30 * DAY_MS);

  const db = await stored(reader.userId);
  expect(totals).toEqual(db.totals);
  expect(totals).toMatchObject({ calls: 4, retryCostUsd: 0 });
  expect(totals.promptTokens).toBeGreaterThan(0);
  expect(totals.completionTokens).toBeGreaterThan(0);
  expect(totals.costUsd).toBeGreaterThan(0);
  expect(typeof totals.costUsd).toBe('number');

  expect(byOperation.map((group: { operation: string }) => group.operation).sort()).toEqual([
    'adapt',
    'draft',
    'questions',
    'research',
  ]);
  for (const group of byOperation) {
    expect(group.calls).toBe(1);
    expect(group.promptTokens).toBeGreaterThan(0);
    expect(group.completionTokens).toBeGreaterThan(0);
    // The stored cost is the list price of gpt-4o-mini, kept to the micro-dollar.
    expect(group.costUsd).toBeCloseTo(gpt4oMiniCost(group.promptTokens, group.completionTokens), 6);
    const row = db.rows.find((candidate) => candidate.operation === group.operation);
    expect(group).toEqual({
      operation: row?.operation,
      calls: 1,
      promptTokens: row?.prompt_tokens,
      completionTokens: row?.completion_tokens,
      costUsd: Number(row?.cost_usd),
    });
  }
  expect(byModel).toEqual([
    {
      model: 'gpt-4o-mini',
      calls: 4,
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens,
      costUsd: totals.costUsd,
    },
  ]);
  const days = [...new Set(db.rows.map((row) => row.created_at.toISOString().slice(0, 10)))].sort();
  expect(byDay.map((group: { day: string }) => group.day)).toEqual(days);
  for (const groups of [byDay, byOperation, byModel]) expectGroupsAddUp(totals, groups);

  const article = await reader.get(`/usage/articles/${firstArticle}`);
  expect(article.status).toBe(200);
  expect(article.body.articleId).toBe(firstArticle);
  expect(article.body.totals).toEqual(db.totals);
  expect(article.body.calls.map((call: { operation: string }) => call.operation)).toEqual([
    'research',
    'draft',
    'adapt',
    'questions',
  ]);
  article.body.calls.forEach((call: Record<string, unknown>, i: number) => {
    const row = db.rows[i];
    expect(call).toEqual({
      operation: row?.operation,
      model: 'gpt-4o-mini',
      promptTokens: row?.prompt_tokens,
      completionTokens: row?.completion_tokens,
      costUsd: Number(row?.cost_usd),
      // Counted by the provider, and the call ran to its end.
      estimated: false,
      ended: 'complete',
      attempt: 1,
      kept: true,
      createdAt: row?.created_at.toISOString(),
    });
  });
  expectGroupsAddUp(article.body.totals, article.body.byOperation);
});

test("an adapt reply that is not JSON costs a corrective call, which is counted in the article's usage", async () => {
  harness.llm.injectFault('adapt', { kind: 'invalid-json' });
  const articleId = await generate(reader, 'wind power');
  expect(harness.llm.counts).toEqual({ research: 1, draft: 1, adapt: 2, questions: 1 });

  const db = await stored(reader.userId, articleId);
  const res = await reader.get(`/usage/articles/${articleId}`);
  expect(res.status).toBe(200);
  expect(res.body.totals).toEqual(db.totals);
  expect(res.body.totals).toMatchObject({ calls: 5, retryCostUsd: 0 });
  const adaptRows = db.rows.filter((row) => row.operation === 'adapt');
  expect(adaptRows).toHaveLength(2);
  expect(res.body.byOperation.find((group: { operation: string }) => group.operation === 'adapt')).toEqual({
    operation: 'adapt',
    calls: 2,
    promptTokens: adaptRows.reduce((sum, row) => sum + row.prompt_tokens, 0),
    completionTokens: adaptRows.reduce((sum, row) => sum + row.completion_tokens, 0),
    costUsd: expect.closeTo(
      adaptRows.reduce((sum, row) => sum + Number(row.cost_usd), 0),
      6,
    ),
  });
  // Both calls belong to the one attempt whose output was stored.
  expect(res.body.calls.filter((call: { operation: string }) => call.operation === 'adapt')).toMatchObject([
    { attempt: 1, kept: true },
    { attempt: 1, kept: true },
  ]);
  expectGroupsAddUp(res.body.totals, res.body.byOperation);

  // The user's totals cover both articles.
  const all = await reader.get('/usage');
  expect(all.body.totals).toEqual((await stored(reader.userId)).totals);
  expect(all.body.totals.calls).toBe(9);
  expect(all.body.byOperation).toContainEqual(expect.objectContaining({ operation: 'adapt', calls: 3 }));
  for (const groups of [all.body.byDay, all.body.byOperation, all.body.byModel]) {
    expectGroupsAddUp(all.body.totals, groups);
  }
});

test('calls of a failed attempt are retry spend: counted in the costs, and in retryCostUsd', async () => {
  // Two bad replies fail adapt's first attempt (the reply and its correction); the second attempt succeeds.
  harness.llm.injectFault('adapt', { kind: 'invalid-json' }, 2);
  const articleId = await generate(reader, 'solar power');
  expect(harness.llm.counts.adapt).toBe(3);

  const db = await stored(reader.userId, articleId);
  expect(db.totals.retryCostUsd).toBeGreaterThan(0);
  const res = await reader.get(`/usage/articles/${articleId}`);
  expect(res.body.totals).toEqual(db.totals);
  expect(res.body.totals.calls).toBe(6);
  expect(
    res.body.calls
      .filter((call: { operation: string }) => call.operation === 'adapt')
      .map(({ attempt, kept }: { attempt: number; kept: boolean }) => ({ attempt, kept })),
  ).toEqual([
    { attempt: 1, kept: false },
    { attempt: 1, kept: false },
    { attempt: 2, kept: true },
  ]);
  const notKept = res.body.calls
    .filter((call: { kept: boolean }) => !call.kept)
    .reduce((sum: number, call: { costUsd: number }) => sum + call.costUsd, 0);
  expect(res.body.totals.retryCostUsd).toBeCloseTo(notKept, 6);

  const all = await reader.get('/usage');
  expect(all.body.totals).toEqual((await stored(reader.userId)).totals);
  expect(all.body.totals.retryCostUsd).toBe(db.totals.retryCostUsd);
});

test('a user sees only their own usage; another user, unknown and deleted articles answer 404', async () => {
  const other = await harness.signUp();
  const res = await other.get('/usage');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    totals: { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, retryCostUsd: 0 },
    byDay: [],
    byOperation: [],
    byModel: [],
  });

  const foreign = await other.get(`/usage/articles/${firstArticle}`);
  expect(foreign.status).toBe(404);
  expect(foreign.body.error).toMatchObject({ code: 'not_found' });
  const unknown = await reader.get(`/usage/articles/${randomUUID()}`);
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toMatchObject({ code: 'not_found' });

  // A deleted article's calls are gone from view per article, but the money was spent: totals keep them.
  const before = (await reader.get('/usage')).body.totals;
  await harness.db
    .updateTable('articles')
    .set({ deleted_at: sql<Date>`now()` })
    .where('id', '=', firstArticle)
    .execute();
  const deleted = await reader.get(`/usage/articles/${firstArticle}`);
  expect(deleted.status).toBe(404);
  expect(deleted.body.error).toMatchObject({ code: 'not_found' });
  expect((await reader.get('/usage')).body.totals).toEqual(before);
});

test('from and to select a window of UTC days; days, operations and models group exactly', async () => {
  const user = await harness.signUp();
  const row = (createdAt: string, operation: string, model: string, cost: string | null, kept = true) => ({
    owner: user.userId,
    article_id: null,
    operation,
    model,
    prompt_tokens: 100,
    completion_tokens: 10,
    cost_usd: cost,
    attempt: 1,
    attempt_id: randomUUID(),
    kept,
    created_at: createdAt,
  });
  await harness.db
    .insertInto('llm_usage')
    .values([
      row('2024-03-01T23:30:00Z', 'dictionary', 'gpt-4o-mini', '0.1'),
      row('2024-03-02T00:30:00Z', 'dictionary', 'gpt-4o', '0.2', false),
      row('2024-03-02T12:00:00Z', 'draft', 'gpt-4o', '0.000001'),
      row('2024-03-05T12:00:00Z', 'draft', 'gpt-4o-mini', '5'),
      row('2024-03-06T12:00:00Z', 'draft', 'local-llama', null),
    ])
    .execute();

  const days = await user.get('/usage?from=2024-03-01&to=2024-03-02');
  expect(days.status).toBe(200);
  expect(days.body).toEqual({
    from: '2024-03-01T00:00:00.000Z',
    to: '2024-03-03T00:00:00.000Z',
    // Sums are exact decimals, not float sums (0.1 + 0.2 would be 0.30000000000000004).
    totals: {
      calls: 3,
      promptTokens: 300,
      completionTokens: 30,
      costUsd: 0.300001,
      retryCostUsd: 0.2,
      estimatedCalls: 0,
      unpricedCalls: 0,
    },
    unpricedModels: [],
    // Today's use, whatever window was asked for; these test servers set no daily limits.
    budget: {
      spentTodayUsd: 0,
      dailyUsd: null,
      generationsToday: 0,
      dailyGenerations: null,
      resetsAt: expect.stringMatching(/T00:00:00\.000Z$/),
    },
    byDay: [
      { day: '2024-03-01', calls: 1, promptTokens: 100, completionTokens: 10, costUsd: 0.1 },
      { day: '2024-03-02', calls: 2, promptTokens: 200, completionTokens: 20, costUsd: 0.200001 },
    ],
    byOperation: [
      { operation: 'dictionary', calls: 2, promptTokens: 200, completionTokens: 20, costUsd: 0.3 },
      { operation: 'draft', calls: 1, promptTokens: 100, completionTokens: 10, costUsd: 0.000001 },
    ],
    byModel: [
      { model: 'gpt-4o', calls: 2, promptTokens: 200, completionTokens: 20, costUsd: 0.200001 },
      { model: 'gpt-4o-mini', calls: 1, promptTokens: 100, completionTokens: 10, costUsd: 0.1 },
    ],
  });

  // A date-time `to` is exclusive; a date-time with an offset means that instant.
  const hour = await user.get(
    `/usage?from=${encodeURIComponent('2024-03-02T01:30:00+01:00')}&to=2024-03-02T12:00:00Z`,
  );
  expect(hour.body.totals).toMatchObject({ calls: 1, costUsd: 0.2, retryCostUsd: 0.2 });

  // Without `from`, the window is the 30 days before `to`.
  const month = await user.get('/usage?to=2024-03-31');
  expect(month.body).toMatchObject({ from: '2024-03-02T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' });
  expect(month.body.totals).toMatchObject({ calls: 4, costUsd: 5.200001, unpricedCalls: 1 });
  // A model with no price has an unknown cost: not counted as $0, and named.
  expect(month.body.unpricedModels).toEqual(['local-llama']);

  const none = await user.get('/usage?to=2000-01-01');
  expect(none.body.totals).toEqual({
    calls: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    retryCostUsd: 0,
    estimatedCalls: 0,
    unpricedCalls: 0,
  });
});

test('bad windows and ids answer 400; no or a bad token answers 401', async () => {
  const user = await harness.signUp();
  for (const query of ['from=yesterday', 'to=2024-13-01', 'from=2024-02-30', 'from=2024-01-01T10:00:00']) {
    const res = await user.get(`/usage?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(Object.keys(res.body.error.details.fields)).toEqual([query.split('=')[0]]);
  }
  for (const query of [
    'from=2024-03-02&to=2024-03-01',
    'from=2024-03-02T00:00:01Z&to=2024-03-02T00:00:00Z',
  ]) {
    const res = await user.get(`/usage?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_request',
      details: { fields: { from: 'from must not be after to' } },
    });
  }
  // The same day for both ends is one whole day, not an error.
  expect((await user.get('/usage?from=2024-03-02&to=2024-03-02')).status).toBe(200);
  // The widest window the formats allow is valid too.
  const widest = await user.get('/usage?from=0000-01-01&to=9999-12-31');
  expect(widest.status).toBe(200);
  expect(widest.body.totals.calls).toBe(0);

  const badId = await user.get('/usage/articles/not-a-uuid');
  expect(badId.status).toBe(400);
  expect(badId.body.error).toMatchObject({
    code: 'invalid_request',
    details: { fields: { id: expect.any(String) } },
  });

  for (const path of ['/usage', `/usage/articles/${randomUUID()}`]) {
    const anonymous = await harness.anonymous().get(path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    const badToken = await harness.anonymous().get(path, { authorization: 'Bearer opad_not-a-token' });
    expect(badToken.status).toBe(401);
    expect(badToken.body.error.code).toBe('invalid_token');
  }
});
