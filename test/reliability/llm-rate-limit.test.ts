import type { ManagedProcess } from '../../stack/managed-process';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { printFigures, seconds } from './figures';

/**
 * One token-per-minute limit shared by every worker: three worker processes run generations against a fake
 * provider that answers 429 above that many tokens a minute. The workers keep under it together, so the
 * provider has no cause to refuse them. OPAD_RELIABILITY_LONG=1 runs twice as many generations.
 */
const LONG = Boolean(process.env.OPAD_RELIABILITY_LONG);
const GENERATIONS = LONG ? 60 : 30;
const TOKENS_PER_MINUTE = 30_000;

const harness = new PipelineHarness();
const workers: ManagedProcess[] = [];

beforeAll(async () => {
  await harness.start();
  harness.llm.setTokenLimit(TOKENS_PER_MINUTE);
  for (const name of ['a', 'b', 'c'])
    workers.push(await harness.spawnWorker(name, { LLM_TOKENS_PER_MINUTE: String(TOKENS_PER_MINUTE) }));
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await harness.close();
});

/** The most tokens the provider served in any 60 s. */
function busiestMinute(served: Array<{ at: number; tokens: number }>): number {
  let most = 0;
  for (const start of served) {
    const inWindow = served.filter((reply) => reply.at >= start.at && reply.at < start.at + 60_000);
    most = Math.max(
      most,
      inWindow.reduce((sum, reply) => sum + reply.tokens, 0),
    );
  }
  return most;
}

test(`${GENERATIONS} generations on 3 workers keep under one shared limit of ${TOKENS_PER_MINUTE} tokens a minute`, async () => {
  const started = Date.now();
  const owner = await harness.createUser();
  const inputs = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) =>
      harness.createArticle({ topic: `shared limit ${i}` }, owner),
    ),
  );
  const handles = await Promise.all(inputs.map((input) => harness.startGeneration(input)));
  // Some stage shows the wait while the limit holds it back.
  let sawWaiting = false;
  const watching = (async () => {
    while (!sawWaiting && Date.now() - started < 120_000) {
      const progress = await Promise.all(
        handles.map((handle) => harness.progress(handle).catch(() => undefined)),
      );
      sawWaiting = progress.some((p) => p?.stages.some((stage) => stage.waiting?.capacity));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await Promise.all(handles.map((handle) => handle.result()));
  await watching;
  const elapsed = Date.now() - started;

  const refused = harness.llm.requests.filter((request) => request.fault === '429').length;
  const most = busiestMinute(harness.llm.served);
  const total = harness.llm.served.reduce((sum, reply) => sum + reply.tokens, 0);
  expect(refused).toBeLessThanOrEqual(1);
  expect(most).toBeLessThanOrEqual(TOKENS_PER_MINUTE);
  // The work needed more than a minute's budget, so the limit really held the workers back.
  expect(total).toBeGreaterThan(TOKENS_PER_MINUTE);
  expect(sawWaiting).toBe(true);
  const done = await harness.db.selectFrom('articles').select('status').where('owner', '=', owner).execute();
  expect(done.map((row) => row.status)).toEqual(inputs.map(() => 'completed'));
  printFigures('shared LLM rate limit', {
    'generations (3 worker processes)': `${GENERATIONS} started, ${done.length} completed`,
    'limit (tokens a minute)': TOKENS_PER_MINUTE,
    'most tokens served in any minute': most,
    'tokens served in all': total,
    '429s from the provider': refused,
    'time to finish all': seconds(elapsed),
  });
}, 600_000);
