import fs from 'node:fs';
import type { Server } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { FsBlobStore } from '../../activities/storage';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { createMetrics } from '../../api/metrics';
import { connectDb } from '../../db/connect';
import { ApiClient, useApiHarness } from '../helpers/api-harness';
import { makeTempDir } from '../helpers/tmp';

const harness = useApiHarness();
const scratch = makeTempDir('health');

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Serves a second app over the shared harness's deps with some replaced, so the harness itself stays healthy. */
async function withApp<T>(overrides: Partial<ApiDeps>, use: (client: ApiClient) => Promise<T>): Promise<T> {
  const server: Server = createApp({ ...harness.deps, metrics: createMetrics(), ...overrides }).listen(
    0,
    '127.0.0.1',
  );
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await use(new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A blob store whose root lies under a regular file, so it can never be created. */
function brokenBlobStore(): FsBlobStore {
  const file = path.join(scratch, 'a-regular-file');
  fs.writeFileSync(file, 'not a folder');
  return new FsBlobStore(path.join(file, 'blobs'));
}

test('GET /health answers 200 when Temporal, Postgres and storage all answer', async () => {
  const res = await harness.anonymous().get('/health');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.body).toEqual({
    status: 'ok',
    components: {
      temporal: { status: 'up', latencyMs: expect.any(Number) },
      postgres: { status: 'up', latencyMs: expect.any(Number) },
      storage: { status: 'up', latencyMs: expect.any(Number) },
    },
  });
});

test('GET /health answers 503 and names the components that are down', async () => {
  const db = connectDb('postgres://x:y@127.0.0.1:1/none');
  try {
    await withApp({ db, blobs: brokenBlobStore() }, async (client) => {
      const res = await client.get('/health');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'degraded',
        components: {
          temporal: { status: 'up', latencyMs: expect.any(Number) },
          postgres: { status: 'down', latencyMs: expect.any(Number) },
          storage: { status: 'down', latencyMs: expect.any(Number) },
        },
      });
      // Why they are down is for the operator's log, not for whoever asks.
      expect(res.text).not.toMatch(/ECONNREFUSED|ENOTDIR|EEXIST|127\.0\.0\.1/);
    });
  } finally {
    await db.destroy();
  }
  // The shared app was never affected.
  expect((await harness.anonymous().get('/health')).status).toBe(200);
});

test('GET /health reports a Temporal that never answers as down once its time limit passes', async () => {
  // A TCP server that accepts connections and never speaks: the gRPC call hangs until its deadline.
  const sockets = new Set<Socket>();
  const silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  // No retry interceptor: this test closes the connection, and a retry pending after close would throw.
  const connection = Connection.lazy({
    address: `127.0.0.1:${(silent.address() as AddressInfo).port}`,
    interceptors: [],
  });
  try {
    await withApp({ temporal: new Client({ connection }) }, async (client) => {
      const res = await client.get('/health');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'degraded',
        components: {
          temporal: { status: 'down', latencyMs: expect.any(Number) },
          postgres: { status: 'up', latencyMs: expect.any(Number) },
          storage: { status: 'up', latencyMs: expect.any(Number) },
        },
      });
    });
  } finally {
    await connection.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

/** The value of one sample in Prometheus text, 0 when the series has no sample yet. */
function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test('GET /metrics serves Prometheus text that counts started workflows and timed requests', async () => {
  const before = await harness.anonymous().get('/metrics');
  expect(before.status).toBe(200);
  expect(before.headers.get('content-type')).toMatch(/^text\/plain/);
  for (const name of [
    'opad_http_request_duration_seconds',
    'opad_workflows_started_total',
    'opad_workflow_start_failures_total',
  ]) {
    expect(before.text).toContain(`# TYPE ${name} `);
  }
  const started = 'opad_workflows_started_total{kind="new"}';
  const timed = 'opad_http_request_duration_seconds_count{method="POST",route="/articles",status="202"}';

  const reader = await harness.signUp();
  const res = await reader.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'renewable energy',
  });
  expect(res.status).toBe(202);
  await harness.jobResult(res.body.jobId);

  const after = await harness.anonymous().get('/metrics');
  expect(sample(after.text, started)).toBe(sample(before.text, started) + 1);
  expect(sample(after.text, timed)).toBe(sample(before.text, timed) + 1);
  expect(sample(after.text, 'opad_workflow_start_failures_total{kind="new"}')).toBe(0);
});

test('requests refused before a route runs are labelled with their documented route; unknown paths stay unmatched', async () => {
  const id = '00000000-0000-4000-8000-000000000000';
  const refused =
    'opad_http_request_duration_seconds_count{method="GET",route="/articles/{id}",status="401"}';
  const unknown = 'opad_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}';
  const before = (await harness.anonymous().get('/metrics')).text;
  expect((await harness.anonymous().get(`/articles/${id}`)).status).toBe(401);
  expect((await harness.anonymous().get(`/no/such/${id}`)).status).toBe(404);
  const after = (await harness.anonymous().get('/metrics')).text;
  expect(sample(after, refused)).toBe(sample(before, refused) + 1);
  expect(sample(after, unknown)).toBe(sample(before, unknown) + 1);
  expect(after).not.toContain(id);
});

test('with API_METRICS_TOKEN set, /metrics needs it as a bearer token', async () => {
  const guarded = await harness.serveApi({
    rateLimitPerMinute: 1000,
    metricsToken: 'a-metrics-token-of-some-length',
  });
  const anonymous = await guarded.client().get('/metrics');
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.error.message).toMatch(/API_METRICS_TOKEN/);
  expect(
    (await guarded.client().get('/metrics', { authorization: 'Bearer wrong-token-of-the-same-size' })).status,
  ).toBe(401);
  const scraped = await guarded
    .client()
    .get('/metrics', { authorization: 'Bearer a-metrics-token-of-some-length' });
  expect(scraped.status).toBe(200);
  expect(scraped.text).toContain('# TYPE opad_temporal_calls_total counter');
});
