import net, { type AddressInfo, type Socket } from 'node:net';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { waitFor } from '../../stack/ports';
import { PipelineHarness } from '../helpers/pipeline-harness';

const harness = new PipelineHarness();

beforeAll(async () => {
  await harness.start();
  await harness.startWorker();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.llm.reset();
  harness.news.reset();
});

async function failureOf(promise: Promise<unknown>): Promise<WorkflowFailedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return error as WorkflowFailedError;
}

test('429 with Retry-After and passing 500s are retried and the generation succeeds', async () => {
  harness.llm.injectFault('draft', { kind: 'status', status: 429, retryAfterSeconds: 1 });
  harness.llm.injectFault('draft', { kind: 'status', status: 500 }, 2);
  const input = await harness.createArticle();
  const handle = await harness.startGeneration(input);
  await handle.result();

  expect(harness.llm.counts).toEqual({ research: 1, draft: 4, adapt: 1, questions: 1 });
  const draft = (await harness.progress(handle)).stages.find((stage) => stage.name === 'draft');
  expect(draft).toMatchObject({ status: 'completed', attempts: 4 });
  expect(draft?.lastError).toMatchObject({ type: 'LlmUnavailable', nonRetryable: false });
  expect((await harness.articleRow(input.articleId)).status).toBe('completed');
});

test('a refused API key fails the generation at once, with a readable, non-retryable error', async () => {
  harness.llm.injectFault('draft', { kind: 'status', status: 401 }, 5);
  const input = await harness.createArticle();
  const handle = await harness.startGeneration(input);
  const failure = await failureOf(handle.result());
  expect(failure.cause).toBeInstanceOf(ApplicationFailure);
  expect((failure.cause as ApplicationFailure).type).toBe('LlmAuthError');

  expect(harness.llm.counts.draft).toBe(1);
  const progress = await harness.progress(handle);
  expect(progress.status).toBe('failed');
  expect(progress.error).toMatchObject({ type: 'LlmAuthError', stage: 'draft', nonRetryable: true });
  expect(progress.error?.message).toMatch(/OPENAI_API_KEY/);
  expect(progress.stages.find((stage) => stage.name === 'draft')).toMatchObject({
    status: 'failed',
    attempts: 1,
  });

  const row = await harness.articleRow(input.articleId);
  expect(row.status).toBe('failed');
  expect(row.error).toMatchObject({ type: 'LlmAuthError', stage: 'draft' });
  expect(row.error?.message).toMatch(/refused the API key/);
});

test('invalid input fails at once without calling any provider', async () => {
  const input = await harness.createArticle({ length: 50_000, level: 'Z9' as never });
  const handle = await harness.startGeneration(input);
  const failure = await failureOf(handle.result());
  expect((failure.cause as ApplicationFailure).type).toBe('InvalidInput');
  expect((failure.cause as ApplicationFailure).message).toMatch(
    /level must be one of A1, A2, B1, B2, C1, C2/,
  );
  expect((failure.cause as ApplicationFailure).message).toMatch(/length must be at most 2000 words/);
  expect(harness.llm.counts).toEqual({});
  expect(harness.news.searches).toHaveLength(0);
  expect((await harness.progress(handle)).error).toMatchObject({ type: 'InvalidInput' });
  expect((await harness.articleRow(input.articleId)).status).toBe('failed');
});

test('a retry setting the stages cannot run under fails at once as invalid input, not stuck', async () => {
  const input = await harness.createArticle();
  // A starter other than the API's could send it; the server would refuse a retry policy built on it.
  input.retry = { budgetMs: 3_000, maxIntervalMs: 10 };
  const handle = await harness.startGeneration(input);
  const failure = await failureOf(handle.result());
  expect((failure.cause as ApplicationFailure).type).toBe('InvalidInput');
  expect((failure.cause as ApplicationFailure).message).toMatch(
    /retry\.maxIntervalMs must be a whole number of milliseconds, at least 1000/,
  );
  expect(harness.llm.counts).toEqual({});
  expect(harness.news.searches).toHaveLength(0);
  expect((await harness.articleRow(input.articleId)).status).toBe('failed');
});

test('cancelling during draft stops the LLM call through the heartbeat and reads cancelled', async () => {
  // About 40 s of streaming unless the cancel stops it.
  harness.llm.setChunkDelay('draft', 8_000);
  const input = await harness.createArticle();
  const handle = await harness.startGeneration(input);
  await harness.llm.waitForRequests('draft');
  await handle.cancel();

  const failure = await failureOf(handle.result());
  expect(failure.cause).toBeInstanceOf(CancelledFailure);
  await waitFor('the draft call to be aborted', async () => harness.llm.aborted.draft === 1, {
    timeoutMs: 5_000,
  });

  const progress = await harness.progress(handle);
  expect(progress.status).toBe('cancelled');
  expect(progress.stages.find((stage) => stage.name === 'draft')?.status).toBe('cancelled');
  expect(harness.llm.counts.adapt).toBeUndefined();
  expect((await harness.articleRow(input.articleId)).status).toBe('cancelled');
});

test('retrying a failed generation resumes at the failed stage; earlier stages make no LLM request', async () => {
  harness.llm.injectFault('adapt', { kind: 'status', status: 401 });
  const input = await harness.createArticle();
  const first = await harness.startGeneration(input);
  await failureOf(first.result());
  expect(harness.llm.counts).toEqual({ research: 1, draft: 1, adapt: 1 });

  // A new run of the same workflow ID, as the API's retry starts it.
  const retry = await harness.retryGeneration(input);
  expect(retry.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
  const summary = await retry.result();
  expect(summary.title).toBeTruthy();
  expect(harness.llm.counts).toEqual({ research: 1, draft: 1, adapt: 2, questions: 1 });

  const stages = (await harness.progress(retry)).stages;
  expect(stages.map((stage) => [stage.name, stage.reused])).toEqual([
    ['research', true],
    ['draft', true],
    ['adapt', false],
    ['level', false],
    ['questions', false],
    ['narration', false],
    ['upload', false],
  ]);
  const row = await harness.articleRow(input.articleId);
  expect(row).toMatchObject({ status: 'completed', error: null });
  const kept = await harness.db
    .selectFrom('llm_usage')
    .select(['operation'])
    .where('article_id', '=', input.articleId)
    .where('kept', '=', true)
    .orderBy('id')
    .execute();
  expect(kept.map((row) => row.operation)).toEqual(['research', 'draft', 'adapt', 'questions']);
});

test('a research whose news pages all time out is retried as an outage, not failed as "no article"', async () => {
  // A server that takes connections and never answers, like a news site that hangs.
  const sockets: Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  harness.news.setResults(
    [1, 2].map((i) => ({
      title: `Story ${i}`,
      link: `http://127.0.0.1:${port}/story-${i}`,
      snippet: 'news',
      date: '1 hour ago',
      source: 'The Slow Times',
    })),
  );
  const input = await harness.createArticle();
  const handle = await harness.startGeneration(input);
  await waitFor(
    'the first research attempt to fail on the hanging pages',
    async () => {
      const research = (await harness.progress(handle)).stages.find((stage) => stage.name === 'research');
      return research?.lastError?.type === 'NewsPagesUnreachable';
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  const research = (await harness.progress(handle)).stages.find((stage) => stage.name === 'research');
  expect(research?.lastError).toMatchObject({ nonRetryable: false });
  expect(research?.lastError?.message).toMatch(/could be read/);
  harness.news.reset();
  await handle.result();
  expect((await harness.articleRow(input.articleId)).status).toBe('completed');
  for (const socket of sockets) socket.destroy();
  silent.close();
});
