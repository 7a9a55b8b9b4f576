import type { GenerationProgress } from '../../workflows/types';
import { useApiHarness } from '../helpers/api-harness';
import { readEvents } from '../helpers/sse';

const harness = useApiHarness();

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

  await harness.client.workflow.getHandle(job.jobId).result();
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
  await harness.client.workflow.getHandle(job.jobId).result();
  const stream = await readEvents(`${harness.baseUrl}/jobs/${job.jobId}/events`, {
    authorization: `Bearer ${user.token}`,
  });
  expect(stream.events.map((event) => event.event)).toEqual(['end']);
});
