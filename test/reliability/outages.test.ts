import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { sql } from 'kysely';
import { S3BlobStore } from '../../activities/storage';
import type { BlobSettings } from '../../config/env';
import { waitFor } from '../../stack/ports';
import { startVersitygw, type VersitygwHandle } from '../../stack/versitygw';
import type { GenerateArticleInput } from '../../workflows/input';
import type { Dependency, GenerationProgress, StageWaiting } from '../../workflows/types';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { printFigures, seconds } from './figures';
import { expectOneSetOfOutputs } from './stored-outputs';

/**
 * Outages: the LLM provider answers 503, object storage (a real S3 server) goes away, and PostgreSQL stops,
 * each while generations are in flight and each for longer than the old retry budget of 10 attempts. Stages
 * wait them out, bounded by time, and every generation completes. OPAD_RELIABILITY_LONG=1 runs more
 * generations and longer outages.
 */
const LONG = Boolean(process.env.OPAD_RELIABILITY_LONG);
const GENERATIONS = LONG ? 30 : 10;
const LLM_DOWN_MS = LONG ? 180_000 : 60_000;
const STORAGE_DOWN_MS = LONG ? 90_000 : 30_000;
const DATABASE_DOWN_MS = LONG ? 60_000 : 20_000;
/** Pauses capped at 1 s: 10 attempts, the old budget, last about 10 s, and every outage here is longer. */
const RETRY = { budgetMs: 15 * 60_000, maxIntervalMs: 1_000 };
const OLD_ATTEMPT_LIMIT = 10;

const harness = new PipelineHarness({ retry: RETRY });
const gatewayDir = path.join(harness.dir, 'versitygw');
let gateway: VersitygwHandle;
let blobs: S3BlobStore;

beforeAll(async () => {
  await harness.start();
  gateway = await startVersitygw({ rootDir: gatewayDir });
  const settings: BlobSettings = { backend: 's3', ...gateway.s3, bucket: 'opad-outages' };
  blobs = new S3BlobStore(settings);
  await blobs.ensureBucket();
  await harness.startWorker({ blobs: settings });
  // Slow streams keep generations in flight while a dependency is down.
  for (const stage of ['research', 'draft', 'adapt']) harness.llm.setChunkDelay(stage, 250);
});
afterAll(async () => {
  blobs?.destroy();
  await harness.close();
  await gateway?.stop();
});

/**
 * Starts the generations with the first one held at the start of the stage after adapt (the level check) by a
 * lock on its article row, so that a stage is certainly in flight when the outage begins. NO KEY UPDATE still
 * lets usage rows reference it.
 */
async function startGenerations(label: string) {
  const owner = await harness.createUser();
  const inputs = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) => harness.createArticle({ topic: `${label} ${i}` }, owner)),
  );
  const [held, ...others] = inputs as [GenerateArticleInput, ...GenerateArticleInput[]];
  const heldHandle = await harness.startGeneration(held);
  await harness.llm.waitForRequests('adapt');
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  harness.db
    .transaction()
    .execute(async (trx) => {
      await sql`SELECT id FROM articles WHERE id = ${held.articleId} FOR NO KEY UPDATE`.execute(trx);
      locked();
      await released;
    })
    // Released during a database outage, the transaction cannot commit; the hold ends either way.
    .catch(() => {});
  await lockTaken;
  await waitFor(
    'the level check to start',
    async () => (await harness.progress(heldHandle)).stage === 'level',
  );
  const handles = [heldHandle, ...(await Promise.all(others.map((input) => harness.startGeneration(input))))];
  await harness.llm.waitForRequests('draft', Math.ceil(GENERATIONS / 3));
  return { inputs, handles, release };
}

/** Waits for every generation and checks it completed once, with its row and its outputs. */
async function expectAllCompleted(run: { inputs: GenerateArticleInput[]; handles: WorkflowHandle[] }) {
  await Promise.all(run.handles.map((handle) => handle.result()));
  const progress = await Promise.all(run.handles.map((handle) => harness.progress(handle)));
  expect(progress.map((p) => p.status)).toEqual(run.handles.map(() => 'completed'));
  for (const input of run.inputs)
    expect((await harness.articleRow(input.articleId)).status).toBe('completed');
  await expectOneSetOfOutputs(
    blobs,
    run.inputs.map((input) => input.articleId),
  );
  const retried = progress.flatMap((p) => p.stages).filter((stage) => stage.attempts > 1);
  const errors = new Set(retried.map((stage) => `${stage.name}: ${stage.lastError?.message.slice(0, 60)}`));
  const mostAttempts = Math.max(...retried.map((stage) => stage.attempts));
  // Past the old budget: with it, the generation would have failed.
  expect(mostAttempts).toBeGreaterThan(OLD_ATTEMPT_LIMIT);
  expect(progress.flatMap((p) => p.stages).filter((stage) => stage.waiting)).toEqual([]);
  return { retried, errors, mostAttempts, progress };
}

/** Generations whose workflow says they wait for `dependency`, as an operator would search for them. */
async function countWaitingOn(dependency: Dependency): Promise<number> {
  const { count } = await harness.client.workflow.count(`OpadWaitingOn = '${dependency}'`);
  return count;
}

/**
 * Watches the outage from the outside until it ends: the job's progress says what it waits for and when it
 * tries again, and the generations are found by their search attribute.
 */
async function observeWaiting(handles: WorkflowHandle[], dependency: Dependency, downMs: number) {
  const until = Date.now() + downMs;
  let seen: StageWaiting | undefined;
  await waitFor(
    `a generation to show that it waits for ${dependency}`,
    async () => {
      const progress = await Promise.all(handles.map((handle) => harness.progress(handle)));
      seen = progress.flatMap((p) => p.stages).find((stage) => stage.waiting)?.waiting;
      return seen?.dependency === dependency;
    },
    { timeoutMs: downMs, intervalMs: 250 },
  );
  await waitFor(
    `the search attribute OpadWaitingOn = '${dependency}'`,
    async () => (await countWaitingOn(dependency)) > 0,
    {
      timeoutMs: Math.max(until - Date.now(), 1_000),
      intervalMs: 250,
    },
  );
  await sleep(Math.max(0, until - Date.now()));
  return seen as StageWaiting;
}

function expectWaitingShown(waiting: StageWaiting, dependency: Dependency) {
  expect(waiting.dependency).toBe(dependency);
  expect(waiting.attempt).toBeGreaterThanOrEqual(1);
  expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.parse(waiting.since));
}

test(`the LLM provider answers 503 for ${LLM_DOWN_MS / 1000} s: every generation waits, then completes, each stage paid once`, async () => {
  harness.llm.reset();
  const owner = await harness.createUser();
  const inputs = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) => harness.createArticle({ topic: `llm outage ${i}` }, owner)),
  );
  harness.llm.setOutage({ kind: 'status', status: 503 });
  const handles = await Promise.all(inputs.map((input) => harness.startGeneration(input)));
  const waiting = await observeWaiting(handles, 'llm', LLM_DOWN_MS);
  harness.llm.setOutage(undefined);
  // Back, but the first research reply cannot be read, twice: a failure of the stage's own, its first however
  // many attempts the outage took. It is retried, not given up.
  harness.llm.injectFault('research', { kind: 'invalid-json' }, 2);
  const back = Date.now();

  const { retried, mostAttempts } = await expectAllCompleted({ inputs, handles });
  expectWaitingShown(waiting, 'llm');
  await waitFor('no generation to be found waiting', async () => (await countWaitingOn('llm')) === 0);
  // Each stage's call was answered once: what a finished stage cost is never paid again.
  const answered = harness.llm.requests.filter((request) => !request.fault);
  for (const stage of ['research', 'draft', 'adapt'])
    expect({ stage, answered: answered.filter((r) => r.stage === stage).length }).toEqual({
      stage,
      answered: GENERATIONS,
    });
  printFigures('outages: LLM provider', {
    generations: `${GENERATIONS} started, ${GENERATIONS} completed`,
    'provider down for': seconds(LLM_DOWN_MS),
    'stages retried': `${retried.length} (max attempts ${mostAttempts})`,
    'requests refused with 503': harness.llm.requests.length - answered.length,
    'all complete after the provider returned': seconds(Date.now() - back),
  });
}, 300_000);

test('a 503 with Retry-After: 7 is tried again no sooner than 7 s later', async () => {
  harness.llm.reset();
  harness.llm.injectFault('draft', { kind: 'status', status: 503, retryAfterSeconds: 7 });
  const handle = await harness.startGeneration(await harness.createArticle({ topic: 'retry after' }));
  await handle.result();
  const drafts = harness.llm.requests.filter((request) => request.stage === 'draft');
  expect(drafts.map((request) => request.fault)).toEqual(['503', undefined]);
  const [refused, next] = drafts as [(typeof drafts)[0], (typeof drafts)[0]];
  expect(next.at - refused.at).toBeGreaterThanOrEqual(7_000);
  printFigures('outages: Retry-After', { 'next attempt after': seconds(next.at - refused.at) });
}, 120_000);

test('a generation that cannot finish within its retry budget ends, and says why', async () => {
  harness.llm.reset();
  const input = await harness.createArticle({ topic: 'a provider that never returns' });
  input.retry = { budgetMs: 5_000, maxIntervalMs: 1_000 };
  harness.llm.setOutage({ kind: 'status', status: 503 });
  try {
    const handle = await harness.startGeneration(input);
    await expect(handle.result()).rejects.toThrow();
    const progress = await harness.progress(handle);
    expect(progress.status).toBe('failed');
    expect(progress.error).toMatchObject({ stage: 'research', type: 'LlmUnavailable' });
    expect(progress.error?.message).toMatch(
      /^Gave up when the retry time budget ran out\. Last error: The LLM provider is unavailable \(HTTP 503\)/,
    );
    expect(progress.stages.find((stage) => stage.name === 'research')?.waiting).toBeUndefined();
    const row = await harness.settled(input.articleId);
    expect(row.error?.message).toMatch(/retry time budget ran out/);
  } finally {
    harness.llm.setOutage(undefined);
  }
}, 120_000);

/** The stage held at its start met the outage, or the test would not prove that a stage in flight is retried. */
function expectHeldStageRetried(progress: GenerationProgress[]) {
  const held = progress[0]?.stages.find((stage) => stage.name === 'level');
  expect(held?.attempts).toBeGreaterThan(1);
  return held;
}

test(`storage down for ${STORAGE_DOWN_MS / 1000} s: stage outputs and a stage in flight are retried and every generation completes`, async () => {
  harness.llm.reset();
  for (const stage of ['research', 'draft', 'adapt']) harness.llm.setChunkDelay(stage, 250);
  const run = await startGenerations('storage outage');
  const port = Number(new URL(gateway.s3.endpoint as string).port);
  await gateway.stop();
  run.release();
  const waiting = await observeWaiting(run.handles, 'storage', STORAGE_DOWN_MS);
  gateway = await startVersitygw({ rootDir: gatewayDir, port });
  const back = Date.now();

  const { retried, errors, mostAttempts, progress } = await expectAllCompleted(run);
  expectWaitingShown(waiting, 'storage');
  const held = expectHeldStageRetried(progress);
  printFigures('outages: object storage', {
    generations: `${GENERATIONS} started, ${GENERATIONS} completed`,
    'storage down for': seconds(STORAGE_DOWN_MS),
    'stages retried': `${retried.length} (max attempts ${mostAttempts})`,
    'attempts of the stage in flight (level check)': held?.attempts ?? 0,
    'errors seen': [...errors].join(' | '),
    'all complete after storage returned': seconds(Date.now() - back),
  });
}, 300_000);

test(`PostgreSQL stopped for ${DATABASE_DOWN_MS / 1000} s: status writes are retried and every generation completes`, async () => {
  harness.llm.reset();
  for (const stage of ['research', 'draft', 'adapt']) harness.llm.setChunkDelay(stage, 250);
  const run = await startGenerations('database outage');
  const startPostgres = await harness.stopPostgres();
  run.release();
  const waiting = await observeWaiting(run.handles, 'database', DATABASE_DOWN_MS);
  await startPostgres();
  const back = Date.now();

  const { retried, errors, mostAttempts, progress } = await expectAllCompleted(run);
  expectWaitingShown(waiting, 'database');
  const held = expectHeldStageRetried(progress);
  printFigures('outages: PostgreSQL', {
    generations: `${GENERATIONS} started, ${GENERATIONS} completed`,
    'PostgreSQL down for': seconds(DATABASE_DOWN_MS),
    'stages retried': `${retried.length} (max attempts ${mostAttempts})`,
    'attempts of the stage in flight (level check)': held?.attempts ?? 0,
    'errors seen': [...errors].join(' | '),
    'all complete after PostgreSQL returned': seconds(Date.now() - back),
  });
}, 300_000);
