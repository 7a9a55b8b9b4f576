import { waitFor } from '../../stack/ports';
import { PipelineHarness } from '../helpers/pipeline-harness';

const harness = new PipelineHarness();

beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.close());

test('a worker killed just as a reply arrives leaves that call on record: every reply sent is in llm_usage', async () => {
  let worker = await harness.spawnWorker('first');
  let killed: Promise<void> | undefined;
  // SIGKILL at the moment the provider has sent the whole draft, before the worker can do anything with it.
  harness.llm.afterReply = (stage) => {
    if (stage === 'draft' && !killed) killed = worker.kill();
  };
  const input = await harness.createArticle({ topic: 'killed after the reply' });
  const handle = await harness.startGeneration(input);
  await waitFor('the worker to be killed after the draft reply', async () => killed !== undefined, {
    timeoutMs: 60_000,
  });
  await killed;
  worker = await harness.spawnWorker('second');
  await handle.result();

  const replies = harness.llm.requests.filter((request) => !request.fault);
  const rows = await harness.db
    .selectFrom('llm_usage')
    .select(['operation', 'ended', 'estimated', 'prompt_tokens', 'completion_tokens'])
    .where('article_id', '=', input.articleId)
    .orderBy('id')
    .execute();
  // The killed draft and its retry: two replies, two rows, as for every other stage.
  expect(replies.filter((reply) => reply.stage === 'draft')).toHaveLength(2);
  expect(rows.map((row) => row.operation)).toEqual(replies.map((reply) => reply.stage));
  const [killedDraft, retriedDraft] = rows.filter((row) => row.operation === 'draft');
  // Either the worker closed the entry before it died, or the entry opened before the request stays, estimated.
  expect(['pending', 'complete']).toContain(killedDraft?.ended);
  if (killedDraft?.ended === 'pending') expect(killedDraft).toMatchObject({ estimated: true });
  expect(killedDraft?.prompt_tokens).toBeGreaterThan(0);
  expect(retriedDraft).toMatchObject({ ended: 'complete', estimated: false });
  await worker.stop();
}, 180_000);
