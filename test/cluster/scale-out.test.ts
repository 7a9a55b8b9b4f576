import { sql } from 'kysely';
import pg from 'pg';
import type { ManagedProcess } from '../../stack/managed-process';
import { freePort, waitFor } from '../../stack/ports';
import { DATABASES } from '../../stack/temporal-server-config';
import { ApiClient, registerAndSignIn } from '../helpers/api-harness';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { median, printFigures, seconds } from '../reliability/figures';
import { expectOneSetOfOutputs, finishedStages } from '../reliability/stored-outputs';
import { requestsBySequence, tagDrafts, taggedLength, taggedTitle } from '../reliability/tagged-generations';

/**
 * Scale-out on one machine: 2 API processes and 3 worker processes on the real Temporal server with 4 history
 * shards. Clients spread their requests over both APIs; mid-load one API and one worker are SIGKILLed, and a
 * client whose API vanished sends the same request, with the same idempotency key, to the other. Every
 * generation must complete, once, and no stage finished before the kills may call the LLM again.
 */
const GENERATIONS = 24;
const USERS = 4;
const SHARDS = 4;
const LLM_STAGES = ['research', 'draft', 'adapt'];

const harness = new PipelineHarness({ temporal: 'server', historyShards: SHARDS });
beforeAll(() => harness.start());
afterAll(() => harness.close());

async function executionsPerShard(): Promise<Map<number, number>> {
  const url = new URL(harness.databaseUrl);
  url.pathname = `/${DATABASES.default}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ shard_id: number; n: number }>(
      "SELECT shard_id, count(*)::int AS n FROM executions WHERE workflow_id LIKE 'article-%' GROUP BY shard_id",
    );
    return new Map(rows.map((row) => [row.shard_id, row.n]));
  } finally {
    await client.end();
  }
}

/** The `length/stage` of every stage whose manifest is stored: the stages that have finished. */
async function finishedSequences(): Promise<Set<string>> {
  const rows = await harness.db.selectFrom('articles').select(['id', 'length']).execute();
  const lengthOf = new Map(rows.map((row) => [row.id, row.length]));
  const finished = new Set<string>();
  for (const [articleId, stages] of await finishedStages(harness.blobs))
    for (const stage of stages) finished.add(`${lengthOf.get(articleId)}/${stage}`);
  return finished;
}

async function taggedLengths(articleIds: string[]): Promise<Map<string, number>> {
  const rows = await harness.db
    .selectFrom('articles')
    .select(['id', 'length'])
    .where('id', 'in', articleIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.length]));
}

/** A worker that Temporal says is running an activity of one of these generations (identity `pid@host`). */
async function workerWithActivityInFlight(
  workers: ManagedProcess[],
  articleIds: string[],
): Promise<ManagedProcess> {
  let found: ManagedProcess | undefined;
  await waitFor('a worker with an activity in flight', async () => {
    for (const articleId of articleIds) {
      const { raw } = await harness.client.workflow.getHandle(`article-${articleId}`).describe();
      for (const activity of raw.pendingActivities ?? []) {
        const pid = Number(activity.lastWorkerIdentity?.split('@')[0]);
        found = workers.find((worker) => worker.pid === pid);
        if (found) return true;
      }
    }
    return false;
  });
  return found as ManagedProcess;
}

test(`${GENERATIONS} generations over 2 APIs and 3 workers survive the SIGKILL of one of each`, async () => {
  tagDrafts(harness.llm);
  // Slow streams keep stages open long enough for the kills to land in the middle of them.
  for (const stage of LLM_STAGES) harness.llm.setChunkDelay(stage, 200);
  const workers: ManagedProcess[] = await Promise.all(
    ['a', 'b', 'c'].map((name) => harness.spawnWorker(name)),
  );
  const ports = [await freePort(), await freePort()];
  // A short reconcile interval, so that the surviving API soon starts what the killed one had only saved.
  const apis = await Promise.all(
    ports.map((port, i) => harness.spawnApi(String(i), port, { API_RECONCILE_INTERVAL_MS: '2000' })),
  );
  const baseUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  const users = await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const { token, user } = await registerAndSignIn(baseUrls[i % 2] as string, `scale${i}@example.com`);
      return { token, id: user.id };
    }),
  );

  const started = Date.now();
  const acceptMs: number[] = [];
  let resent = 0;
  const submit = async (i: number): Promise<string> => {
    const { token } = users[i % USERS] as (typeof users)[number];
    const body = { language: 'en', level: 'B1', length: taggedLength(i), topic: `scale-out ${i}` };
    const headers = { 'idempotency-key': `scale-out-${i}` };
    const first = i % 2;
    for (const api of [first, 1 - first]) {
      const sentAt = performance.now();
      const res = await new ApiClient(baseUrls[api] as string, token)
        .post('/articles', body, headers)
        .catch(() => undefined);
      if (!res) {
        resent++;
        continue;
      }
      expect(res.status).toBe(202);
      acceptMs.push(performance.now() - sentAt);
      return res.body.articleId as string;
    }
    throw new Error(`request ${i} reached neither API`);
  };

  // A third of the requests, then the kills while the next third is on its way, then the rest to a dead API 1.
  const third = GENERATIONS / 3;
  const early = Array.from({ length: third }, (_, i) => submit(i));
  await harness.llm.waitForRequests('draft', 3);
  const during = Array.from({ length: third }, (_, i) => submit(third + i));
  const victim = await workerWithActivityInFlight(workers, await Promise.all(early));
  await Promise.all([apis[1]?.kill(), victim.kill()]);
  const killedAt = Date.now();
  // The killed worker can no longer finish a stage or call the LLM: what finished so far stays finished.
  const finishedAtKill = await finishedSequences();
  const requestsAtKill = requestsBySequence(harness.llm);
  const late = Array.from({ length: third }, (_, i) => submit(2 * third + i));
  const articleIds = await Promise.all([...early, ...during, ...late]);
  const lengthOf = await taggedLengths(articleIds);

  expect(new Set(articleIds).size).toBe(GENERATIONS);
  await harness.waitUntilCompleted(articleIds, 300_000);
  const completedAt = Date.now();

  // Once: one workflow per article in the server's visibility store, one set of outputs, the tagged title.
  const survivor = new ApiClient(baseUrls[0] as string, users[0]?.token);
  const query = 'WorkflowType = "generateArticle"';
  await waitFor('every run to be indexed as closed', async () => {
    const { count } = await harness.client.workflow.count(`${query} AND ExecutionStatus = "Completed"`);
    return count === GENERATIONS;
  });
  expect((await harness.client.workflow.count(query)).count).toBe(GENERATIONS);
  await expectOneSetOfOutputs(harness.blobs, articleIds);
  const owned = await harness.db
    .selectFrom('articles')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(
      'owner',
      'in',
      users.map((user) => user.id),
    )
    .executeTakeFirstOrThrow();
  expect(owned.n).toBe(GENERATIONS);
  // Every request the dead API would have had after the kill went to the other one instead.
  expect(resent).toBeGreaterThanOrEqual(third / 2);
  const titles = await harness.db
    .selectFrom('articles')
    .select(['id', 'title'])
    .where('id', 'in', articleIds)
    .execute();
  for (const row of titles) expect(row.title).toBe(taggedTitle(lengthOf.get(row.id) as number));
  expect((await survivor.get('/health')).status).toBe(200);

  // No stage that had finished at the kills met the LLM again.
  const final = requestsBySequence(harness.llm);
  const repeated = [...finishedAtKill]
    .filter((sequence) => !sequence.endsWith('/upload') && LLM_STAGES.some((s) => sequence.endsWith(`/${s}`)))
    .filter((sequence) => (final.get(sequence) ?? 0) !== (requestsAtKill.get(sequence) ?? 0));
  expect(repeated).toEqual([]);

  const shards = await executionsPerShard();
  expect(shards.size).toBeGreaterThan(1);
  const sortedAccept = [...acceptMs].sort((a, b) => a - b);
  printFigures('scale-out: 2 APIs, 3 workers, the real Temporal server with 4 shards', {
    generations: `${GENERATIONS} accepted, ${GENERATIONS} completed, ${new Set(articleIds).size} articles`,
    'SIGKILLed mid-load': '1 API (of 2) and 1 worker (of 3), which had a stage in flight',
    'requests resent to the other API': resent,
    'accept latency (median, max)': `${median(acceptMs).toFixed(0)} ms, ${(sortedAccept.at(-1) ?? 0).toFixed(0)} ms`,
    'LLM stages finished at the kills': [...finishedAtKill].filter((s) => !s.endsWith('/upload')).length,
    'requests repeated for a finished stage': repeated.length,
    'LLM requests': `${[...final.values()].reduce((sum, n) => sum + n, 0)} (${GENERATIONS * (LLM_STAGES.length + 1)} without kills)`,
    'runs per history shard': [...shards.entries()]
      .sort(([a], [b]) => a - b)
      .map(([shard, n]) => `${shard}: ${n}`)
      .join(', '),
    'all completed after the kills': seconds(completedAt - killedAt),
    'whole run': seconds(completedAt - started),
  });
}, 600_000);
