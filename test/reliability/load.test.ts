import { waitFor } from '../../stack/ports';
import { useApiHarness } from '../helpers/api-harness';

/**
 * Load: 200 concurrent POST /articles from mixed owners, with idempotency keys and repeats. Nothing may answer
 * 5xx and exactly one workflow may exist per distinct request. Prints the accept latency.
 */
const harness = useApiHarness();
const DISTINCT = 150;
const REPEATS = 50;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

test('200 concurrent generation requests: no 5xx, one workflow per distinct request', async () => {
  const users = await Promise.all(Array.from({ length: 10 }, () => harness.signUp()));
  const distinct = Array.from({ length: DISTINCT }, (_, i) => ({
    user: users[i % users.length] as (typeof users)[number],
    key: `load-${i}`,
    body: { language: 'en', level: 'B1', length: 300, topic: `load test ${i}` },
  }));
  // Repeats reuse the key and body of an earlier request, as a double click or a client retry would.
  const requests = [...distinct, ...distinct.slice(0, REPEATS)].sort(() => 0.5 - Math.random());
  const timed = await Promise.all(
    requests.map(async (request) => {
      const started = performance.now();
      const res = await request.user.request('POST', '/articles', {
        body: request.body,
        headers: { 'idempotency-key': request.key },
      });
      return { res, ms: performance.now() - started };
    }),
  );
  const statuses = timed.map(({ res }) => res.status);
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
  expect(new Set(statuses)).toEqual(new Set([202]));
  const articleIds = new Set(timed.map(({ res }) => res.body.articleId as string));
  expect(articleIds.size).toBe(DISTINCT);

  const latencies = timed.map(({ ms }) => ms).sort((a, b) => a - b);
  console.log(
    `accept latency over ${latencies.length} concurrent POST /articles: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );

  const owners = users.map((user) => `"${user.userId}"`).join(', ');
  const query = `WorkflowType = "generateArticle" AND OpadOwner IN (${owners})`;
  let count = 0;
  await waitFor('every workflow to be indexed', async () => {
    count = (await harness.client.workflow.count(query)).count;
    return count >= DISTINCT;
  });
  expect(count).toBe(DISTINCT);
  const rows = await harness.db
    .selectFrom('articles')
    .select('id')
    .where(
      'owner',
      'in',
      users.map((u) => u.userId),
    )
    .execute();
  expect(rows).toHaveLength(DISTINCT);
});
