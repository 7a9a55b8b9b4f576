import { execFile } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Activities } from '../../activities';
import { freePort, waitFor } from '../../stack/ports';
import { ensureBinary } from '../../stack/tools';
import type { GenerationProgress } from '../../workflows/types';
import { ApiClient, ApiHarness, registerAndSignIn } from '../helpers/api-harness';
import { readEvents } from '../helpers/sse';
import { printFigures, seconds } from './figures';

/**
 * The boundary between the API and Temporal: accept never waits for Temporal and never loses a generation,
 * and the reconciler repairs what closed, or never started, behind the API's back.
 */
const RECONCILE_MS = 1_000;
const harness = new ApiHarness();
let user: ApiClient & { email: string; userId: string };

/** recordOutcome runs for real, then waits here while a test holds it: the run is closing but not closed. */
let holdRecordOutcome: Promise<void> | undefined;
const holdingWorker = (activities: Activities): Activities => ({
  ...activities,
  recordOutcome: async (progress) => {
    await activities.recordOutcome(progress);
    await holdRecordOutcome;
  },
});

beforeAll(async () => {
  await harness.start();
  await harness.startWorker({ wrapActivities: holdingWorker });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.llm.reset();
  harness.news.reset();
});

const request = (topic: string) => ({ language: 'en', level: 'B1', length: 300, topic });

/** The statuses of every run of a job, once its latest run has closed and visibility has caught up. */
async function runsOf(jobId: string): Promise<string[]> {
  let statuses: string[] = [];
  await waitFor(`the runs of ${jobId} to be listed closed`, async () => {
    statuses = [];
    for await (const run of harness.client.workflow.list({ query: `WorkflowId = '${jobId}'` }))
      statuses.push(run.status.name);
    return !statuses.includes('RUNNING');
  });
  return statuses.sort();
}

async function waitForStatus(client: ApiClient, jobId: string, status: string, timeoutMs = 120_000) {
  let last: GenerationProgress | undefined;
  await waitFor(
    `job ${jobId} to read ${status}`,
    async () => {
      last = (await client.get(`/jobs/${jobId}`)).body;
      return last?.status === status;
    },
    { timeoutMs, intervalMs: 200 },
  );
  return last as GenerationProgress;
}

test('an API killed after the commit and before the start: a new API process starts the generation', async () => {
  // A server that accepts connections and never answers: the first API's start hangs like a failing Temporal.
  const sockets = new Set<net.Socket>();
  const blackHole = net.createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
  await new Promise((resolve) => blackHole.once('listening', resolve));
  const port = await freePort();
  const env = { API_TEMPORAL_TIMEOUT_MS: '2000', API_RECONCILE_INTERVAL_MS: String(RECONCILE_MS) };
  const stranded = await harness.spawnApi('stranded', port, {
    ...env,
    TEMPORAL_ADDRESS: `127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const registered = await registerAndSignIn(baseUrl, 'stranded@example.com');
  const api = new ApiClient(baseUrl, registered.token);
  const accepted = await api.post('/articles', request('kill after commit'));
  await stranded.kill();
  expect(accepted.status).toBe(202);
  expect(accepted.body).toMatchObject({ status: 'queued' });
  const pending = await harness.db
    .selectFrom('start_requests')
    .selectAll()
    .where('article_id', '=', accepted.body.articleId)
    .executeTakeFirst();
  expect(pending).toBeDefined();
  await expect(harness.client.workflow.getHandle(accepted.body.jobId).describe()).rejects.toThrow(
    /not found/,
  );

  const killedAt = Date.now();
  const rescuer = await harness.spawnApi('rescuer', port, env);
  await waitForStatus(api, accepted.body.jobId, 'completed');
  expect(await runsOf(accepted.body.jobId)).toEqual(['COMPLETED']);
  printFigures('API killed between commit and start', {
    'completed after the kill': seconds(Date.now() - killedAt),
  });
  await rescuer.stop();
  for (const socket of sockets) socket.destroy();
  blackHole.close();
});

describe('with an API in this process', () => {
  beforeAll(async () => {
    await harness.startApi({
      rateLimitPerMinute: 10_000,
      reconcileIntervalMs: RECONCILE_MS,
      temporalTimeoutMs: 1_000,
      startRetryMaxMs: 2_000,
    });
    user = await harness.signUp();
  });

  test('a terminated generation reads failed with the reason, its stream ends, and a retry completes', async () => {
    harness.llm.setChunkDelay('draft', 300);
    const { body: job } = await user.post('/articles', request('terminated by an operator'));
    await harness.llm.waitForRequests('draft');
    const stream = readEvents(`${harness.baseUrl}/jobs/${job.jobId}/events`, {
      authorization: `Bearer ${user.token}`,
    });

    const temporal = await ensureBinary('temporal');
    await promisify(execFile)(temporal, [
      'workflow',
      'terminate',
      '--workflow-id',
      job.jobId,
      '--reason',
      'stuck on a bad prompt',
      '--address',
      harness.temporalAddress,
    ]);
    const terminatedAt = Date.now();
    const { events } = await stream;
    const recordedAfter = Date.now() - terminatedAt;
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    const final = JSON.parse(end?.data as string) as GenerationProgress;
    expect(final).toMatchObject({ status: 'failed', error: { type: 'Terminated', stage: 'draft' } });
    expect(final.error?.message).toMatch(/stuck on a bad prompt/);
    const row = await harness.articleRow(job.articleId);
    expect(row.status).toBe('failed');
    expect(row.error?.message).toMatch(/stuck on a bad prompt/);
    expect((await user.get(`/jobs/${job.jobId}`)).body).toMatchObject({ status: 'failed' });

    harness.llm.setChunkDelay('draft', 0);
    expect((await user.post(`/articles/${job.articleId}/retry`)).status).toBe(202);
    await waitForStatus(user, job.jobId, 'completed');
    expect(await runsOf(job.jobId)).toEqual(['COMPLETED', 'TERMINATED']);
    printFigures('terminated run repaired', {
      'reconciler period': seconds(RECONCILE_MS),
      'row failed and stream ended after the terminate': seconds(recordedAfter),
    });
  });

  test('a retry pressed while the failed run is still closing makes exactly one new run, which completes', async () => {
    let release = () => {};
    holdRecordOutcome = new Promise<void>((resolve) => (release = resolve));
    harness.llm.injectFault('draft', { kind: 'status', status: 401 }, 1);
    const { body: job } = await user.post('/articles', request('retry while closing'));
    await waitFor('the row to read failed while recordOutcome is held', async () => {
      return (await harness.articleRow(job.articleId)).status === 'failed';
    });
    const closing = await harness.client.workflow.getHandle(job.jobId).describe();
    expect(closing.status.name).toBe('RUNNING');

    const retry = await user.post(`/articles/${job.articleId}/retry`);
    expect(retry.status).toBe(202);
    await sleep(1_500);
    // The closing run was not joined: the retry waits for it.
    const { runId } = await harness.client.workflow.getHandle(job.jobId).describe();
    expect(runId).toBe(closing.runId);
    const waiting = await harness.db
      .selectFrom('start_requests')
      .selectAll()
      .where('article_id', '=', job.articleId)
      .executeTakeFirstOrThrow();
    expect(waiting.last_error).toMatch(/previous run to close/);

    holdRecordOutcome = undefined;
    release();
    await waitForStatus(user, job.jobId, 'completed');
    expect(await runsOf(job.jobId)).toEqual(['COMPLETED', 'FAILED']);
  });

  test('with Temporal stopped, 20 POSTs answer 202; once it is back, all 20 complete with one run each', async () => {
    const startTemporal = await harness.stopTemporal();
    const accepted = [];
    for (let i = 0; i < 10; i++) accepted.push(await user.post('/articles', request(`outage ${i}`)));
    const first = accepted[0]?.body as { jobId: string };
    await waitFor('a start to have failed', async () => {
      const { body } = await user.get(`/jobs/${first.jobId}`);
      return body.status === 'queued' && /waiting for the orchestrator/.test(body.message);
    });
    // Once a start has failed, accept says the generation waits for the orchestrator.
    for (let i = 10; i < 20; i++) accepted.push(await user.post('/articles', request(`outage ${i}`)));
    expect(accepted.map((res) => res.status)).toEqual(accepted.map(() => 202));
    expect(accepted.map((res) => res.body.status)).toEqual(accepted.map(() => 'queued'));
    expect(accepted.at(-1)?.body.message).toMatch(/orchestrator \(Temporal\) cannot be reached/);
    expect((await user.get('/health')).status).toBe(503);
    const jobs = accepted.map((res) => res.body as { articleId: string; jobId: string });

    await sleep(3_000);
    const restarting = Date.now();
    await startTemporal();
    for (const job of jobs) await waitForStatus(user, job.jobId, 'completed', 180_000);
    const doneMs = Date.now() - restarting;
    for (const job of jobs) expect(await runsOf(job.jobId)).toEqual(['COMPLETED']);
    expect(await harness.db.selectFrom('start_requests').selectAll().execute()).toEqual([]);
    printFigures('accept during a Temporal outage', {
      'POSTs answered 202 while Temporal was down': accepted.length,
      'all completed after Temporal was back': seconds(doneMs),
    });
  }, 300_000);
});
