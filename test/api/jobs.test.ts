import { waitFor } from '../../stack/ports';
import type { GenerationProgress } from '../../workflows/types';
import { useApiHarness } from '../helpers/api-harness';
import { readEvents } from '../helpers/sse';

const harness = useApiHarness({ rateLimitPerMinute: 1000, streamsPerUser: 60 });

const request = (topic: string) => ({ language: 'en', level: 'B1', length: 300, topic });
const parse = (data: string) => JSON.parse(data) as GenerationProgress;

test('GET /jobs/:id gives the live progress while running and the stored state once closed, even without history', async () => {
  harness.llm.setChunkDelay('draft', 400);
  const user = await harness.signUp();
  const { body: job } = await user.post('/articles', request('community solar'));
  await harness.llm.waitForRequests('draft');
  const live = await user.get(`/jobs/${job.jobId}`);
  expect(live.status).toBe(200);
  expect(live.body).toMatchObject({ status: 'running', stage: 'draft', articleId: job.articleId });
  expect(live.body.stages.find((s: { name: string }) => s.name === 'research').status).toBe('completed');

  await harness.jobResult(job.jobId);
  const closed = await user.get(`/jobs/${job.jobId}`);
  expect(closed.body).toMatchObject({ status: 'completed', percent: 100 });

  // Delete the workflow's history on the server; the job still answers from the stored state.
  await harness.client.workflowService.deleteWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: job.jobId },
  });
  const afterDelete = await user.get(`/jobs/${job.jobId}`);
  expect(afterDelete.status).toBe(200);
  expect(afterDelete.body).toEqual(closed.body);
});

test('GET /jobs/:id shows a stage waiting out an outage, and the retry budget the API put in the workflow input', async () => {
  const user = await harness.signUp();
  harness.llm.setOutage({ kind: 'status', status: 503 });
  const { body: job } = await user.post('/articles', request('harbour cranes'));
  let waiting: GenerationProgress['stages'][number]['waiting'];
  try {
    await waitFor('GET /jobs/:id to show the stage waiting', async () => {
      const { body } = await user.get(`/jobs/${job.jobId}`);
      waiting = (body as GenerationProgress).stages.find((stage) => stage.waiting)?.waiting;
      return waiting !== undefined;
    });
  } finally {
    harness.llm.setOutage(undefined);
  }
  expect(waiting).toMatchObject({ dependency: 'llm', attempt: expect.any(Number) });
  expect((await user.get(`/jobs/${job.jobId}`)).body.message).toMatch(
    /^Waiting for the LLM provider to come back/,
  );
  await harness.jobResult(job.jobId);
  const done = (await user.get(`/jobs/${job.jobId}`)).body as GenerationProgress;
  expect(done.status).toBe('completed');
  expect(done.stages.filter((stage) => stage.waiting)).toEqual([]);

  const history = await harness.client.workflow.getHandle(job.jobId).fetchHistory();
  const [payload] = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  const input = JSON.parse(Buffer.from(payload?.data ?? []).toString('utf8'));
  expect(input.retry).toEqual(harness.config().temporal.stageRetry);
});

test('SSE streams one event per progress change of a whole generation, then an end event', async () => {
  harness.llm.setChunkDelay('draft', 150);
  harness.llm.setChunkDelay('adapt', 150);
  const user = await harness.signUp();
  const { body: job } = await user.post('/articles', request('wind turbines'));
  const stream = await readEvents(`${harness.baseUrl}/jobs/${job.jobId}/events`, {
    authorization: `Bearer ${user.token}`,
  });
  expect(stream.status).toBe(200);
  expect(stream.contentType).toMatch(/^text\/event-stream/);
  const events = stream.events;
  const last = events.at(-1);
  expect(last?.event).toBe('end');
  expect(parse(last?.data as string).status).toBe('completed');
  expect(events.slice(0, -1).every((event) => event.event === 'progress')).toBe(true);

  const versions = events.map((event) => Number(event.id));
  for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1] as number);
  for (const event of events) expect(Number(event.id)).toBe(parse(event.data).version);
  // Every stage was seen running: the stream pushed each change.
  const stagesSeen = new Set(events.map((event) => parse(event.data).stage).filter(Boolean));
  expect([...stagesSeen]).toEqual(expect.arrayContaining(['draft', 'adapt']));
});

test('a client that reconnects with Last-Event-ID loses nothing', async () => {
  harness.llm.setChunkDelay('draft', 300);
  harness.llm.setChunkDelay('adapt', 300);
  const user = await harness.signUp();
  const { body: job } = await user.post('/articles', request('tidal energy'));
  const url = `${harness.baseUrl}/jobs/${job.jobId}/events`;
  const headers = { authorization: `Bearer ${user.token}` };

  // Disconnect as soon as draft shows as running.
  const first = await readEvents(url, headers, (event) => parse(event.data).stage === 'draft');
  const lastId = first.events.at(-1)?.id as string;
  const second = await readEvents(url, { ...headers, 'last-event-id': lastId });

  expect(Number(second.events[0]?.id)).toBeGreaterThan(Number(lastId));
  expect(second.events.at(-1)?.event).toBe('end');
  const final = parse(second.events.at(-1)?.data as string);
  expect(final.status).toBe('completed');
  expect(final.stages.every((stage) => stage.status === 'completed')).toBe(true);
});

test('SSE of a finished job sends the end event at once', async () => {
  const user = await harness.signUp();
  const { body: job } = await user.post('/articles', request('heat networks'));
  await harness.jobResult(job.jobId);
  const stream = await readEvents(`${harness.baseUrl}/jobs/${job.jobId}/events`, {
    authorization: `Bearer ${user.token}`,
  });
  expect(stream.events.map((event) => event.event)).toEqual(['end']);
});

/** Temporal calls this app has made so far, by call, from its /metrics counter. */
async function temporalCalls(call?: string): Promise<number> {
  const { values } = await harness.deps.metrics.temporalCalls.get();
  return values.filter((v) => !call || v.labels.call === call).reduce((sum, v) => sum + v.value, 0);
}

/** Follows one new job with `clients` SSE streams opened while research runs; returns each stream's events. */
async function watchWithClients(clients: number, topic: string) {
  harness.llm.setChunkDelay('research', 100);
  harness.llm.setChunkDelay('draft', 150);
  harness.llm.setChunkDelay('adapt', 150);
  const user = await harness.signUp();
  const queriesBefore = await temporalCalls('query');
  const { body: job } = await user.post('/articles', request(topic));
  const connected: Array<Promise<void>> = [];
  const streams = Array.from({ length: clients }, () => {
    let onFirst = () => {};
    connected.push(new Promise<void>((resolve) => (onFirst = resolve)));
    return readEvents(
      `${harness.baseUrl}/jobs/${job.jobId}/events`,
      { authorization: `Bearer ${user.token}` },
      (event) => {
        onFirst();
        return event.event === 'end';
      },
    );
  });
  await Promise.all(connected);
  const results = await Promise.all(streams);
  return { results, queries: (await temporalCalls('query')) - queriesBefore };
}

test('50 SSE clients on one job each get every version in order and the end, for the queries of one client', async () => {
  const one = await watchWithClients(1, 'offshore wind');
  const fifty = await watchWithClients(50, 'onshore wind');

  const versionsOf = (events: Array<{ id?: string }>) => events.map((event) => Number(event.id));
  const longest = fifty.results
    .map((result) => versionsOf(result.events))
    .reduce((a, b) => (b.length > a.length ? b : a));
  for (const { status, events } of fifty.results) {
    expect(status).toBe(200);
    expect(events.at(-1)?.event).toBe('end');
    expect(parse(events.at(-1)?.data as string).status).toBe('completed');
    const versions = versionsOf(events);
    // Every client sees the one reader's sequence from the moment it joined: a suffix of the longest one.
    expect(versions).toEqual(longest.slice(longest.length - versions.length));
  }
  for (let i = 1; i < longest.length; i++) expect(longest[i]).toBeGreaterThan(longest[i - 1] as number);
  console.log(`Temporal queries for one job: ${one.queries} with 1 SSE client, ${fifty.queries} with 50`);
  expect(fifty.queries).toBeLessThanOrEqual(one.queries + 5);
});

test('GET /jobs/:id of a closed job answers from its stored state with no Temporal call', async () => {
  const user = await harness.signUp();
  const { body: job } = await user.post('/articles', request('geothermal heat'));
  await harness.jobResult(job.jobId);
  await waitFor(
    'the outcome to be stored',
    async () => (await harness.articleRow(job.articleId)).status === 'completed',
  );
  const before = await temporalCalls();
  const closed = await user.get(`/jobs/${job.jobId}`);
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ status: 'completed', percent: 100 });
  const events = await readEvents(`${harness.baseUrl}/jobs/${job.jobId}/events`, {
    authorization: `Bearer ${user.token}`,
  });
  expect(events.events.map((event) => event.event)).toEqual(['end']);
  expect(await temporalCalls()).toBe(before);
});

test('event IDs keep growing across a retry, so Last-Event-ID works across runs', async () => {
  harness.llm.injectFault('draft', { kind: 'status', status: 401 }, 1);
  const user = await harness.signUp();
  const { body: job } = await user.post('/articles', request('biogas plants'));
  const headers = { authorization: `Bearer ${user.token}` };
  const url = `${harness.baseUrl}/jobs/${job.jobId}/events`;
  const failed = await readEvents(url, headers);
  const failedEnd = failed.events.at(-1);
  expect(parse(failedEnd?.data as string).status).toBe('failed');

  expect((await user.post(`/articles/${job.articleId}/retry`)).status).toBe(202);
  const retried = await readEvents(url, { ...headers, 'last-event-id': failedEnd?.id as string });
  expect(Number(retried.events[0]?.id)).toBeGreaterThan(Number(failedEnd?.id));
  expect(retried.events.at(-1)?.event).toBe('end');
  expect(parse(retried.events.at(-1)?.data as string).status).toBe('completed');
  const { body: final } = await user.get(`/jobs/${job.jobId}`);
  expect(final.version).toBe(Number(retried.events.at(-1)?.id));
});

test('a user past the open-stream cap gets 429 with a clear message, and a closed stream frees its place', async () => {
  const capped = await harness.serveApi({ rateLimitPerMinute: 1000, streamsPerUser: 2 });
  harness.llm.setChunkDelay('research', 300);
  const user = await harness.signUp();
  const client = capped.client(user.token);
  const { body: job } = await client.post('/articles', request('hydrogen buses'));
  const url = `${capped.baseUrl}/jobs/${job.jobId}/events`;
  const headers = { authorization: `Bearer ${user.token}` };
  const open = [new AbortController(), new AbortController()];
  const responses = await Promise.all(open.map((c) => fetch(url, { headers, signal: c.signal })));
  expect(responses.map((res) => res.status)).toEqual([200, 200]);

  const third = await client.get(`/jobs/${job.jobId}/events`);
  expect(third.status).toBe(429);
  expect(third.body.error).toMatchObject({ code: 'too_many_streams' });
  expect(third.body.error.message).toMatch(/close another page or tab/);

  open[0]?.abort();
  await waitFor('the closed stream to free its place', async () => {
    const res = await fetch(url, { headers });
    await res.body?.cancel();
    return res.status === 200;
  });
  open[1]?.abort();
  await harness.jobResult(job.jobId);
});
