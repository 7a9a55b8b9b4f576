import { FAKE_DRAFT_BODY, type FaultPlan, plannedFault } from '../fixtures/fake-openai';
import { ApiHarness } from '../helpers/api-harness';
import { printFigures, seconds } from './figures';
import { expectOneSetOfOutputs } from './stored-outputs';
import { sequenceOf, tagDrafts, taggedLength } from './tagged-generations';

/**
 * LLM faults: a provider that answers 30% of requests with 5xx, rate-limits in bursts with Retry-After and
 * lets 10% of calls go silent. Every generation must still complete within the workflow's retry policy. A
 * refused API key must instead fail every generation at once, saying why. OPAD_RELIABILITY_LONG=1 runs more.
 */
const LONG = Boolean(process.env.OPAD_RELIABILITY_LONG);
const GENERATIONS = LONG ? 60 : 20;
const SEED = Number(process.env.OPAD_CHAOS_SEED ?? 20261122);
const LLM_STAGES = ['research', 'draft', 'adapt'];
const MAX_ATTEMPTS = 10;

const harness = new ApiHarness();
beforeAll(async () => {
  await harness.start();
  await harness.startApi({ rateLimitPerMinute: 10_000 });
});
afterAll(() => harness.close());

async function requestGenerations(label: string, count: number) {
  const user = await harness.signUp();
  const accepted = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      user.post('/articles', {
        language: 'en',
        level: 'B1',
        length: taggedLength(i),
        topic: `${label} ${i}`,
      }),
    ),
  );
  expect(accepted.map((res) => res.status)).toEqual(accepted.map(() => 202));
  return { user, jobs: accepted.map((res) => res.body as { articleId: string; jobId: string }) };
}

/** Faults the plan serves a sequence before its first clean answer, outside rate-limit bursts. */
function plannedFaultRun(plan: FaultPlan, sequence: string): number {
  let index = 0;
  while (plannedFault(plan, sequence, index) !== 'none') index++;
  return index;
}

test(`${GENERATIONS} generations complete through 5xx, 429 bursts with Retry-After, and silent streams`, async () => {
  // A silent stream is abandoned after this long, so hangs cost a second instead of the default minute.
  const worker = await harness.startWorker({ env: { LLM_IDLE_TIMEOUT_MS: '1000' } });
  tagDrafts(harness.llm);
  const plan: FaultPlan = {
    seed: SEED,
    serverErrorRate: 0.3,
    hangRate: 0.1,
    // A burst shorter than its Retry-After: a client that waits as told meets each burst at most once.
    rateLimitBursts: { atRequests: LONG ? [10, 80, 160] : [10, 40], lengthMs: 900, retryAfterSeconds: 1 },
    sequenceOf,
  };
  const runs = Array.from({ length: GENERATIONS }, (_, i) =>
    LLM_STAGES.map((stage) => plannedFaultRun(plan, `${taggedLength(i)}/${stage}`)),
  ).flat();
  const worstCase = Math.max(...runs) + (plan.rateLimitBursts?.atRequests.length ?? 0);
  // The plan itself must leave every stage a successful attempt within the policy, or failing would be right.
  expect(worstCase).toBeLessThan(MAX_ATTEMPTS);
  harness.llm.setFaultPlan(plan);
  const started = Date.now();
  const { user, jobs } = await requestGenerations('faults', GENERATIONS);
  await Promise.all(jobs.map((job) => harness.jobResult(job.jobId)));
  const elapsed = Date.now() - started;

  const progress = await Promise.all(jobs.map((job) => user.get(`/jobs/${job.jobId}`)));
  expect(progress.map((res) => res.body.status)).toEqual(jobs.map(() => 'completed'));
  for (const job of jobs) {
    const content = await user.get(`/articles/${job.articleId}/content`);
    // A stream that stalled half-way must never have been stored as if it were the whole reply.
    expect(content.text).toContain(FAKE_DRAFT_BODY.replace('clean electricity', 'green electricity'));
  }
  await expectOneSetOfOutputs(
    harness.blobs,
    jobs.map((job) => job.articleId),
  );
  const served = harness.llm.planned;
  expect(served['rate-limited']).toBeGreaterThan(0);
  expect(served['server-error']).toBeGreaterThan(0);
  expect((served.hang ?? 0) + (served.stall ?? 0)).toBeGreaterThan(0);

  const stages = progress.flatMap((res) => res.body.stages as Array<{ name: string; attempts: number }>);
  const requests = harness.llm.requests;
  const afterRateLimit = requests.flatMap((request, i) => {
    if (request.fault !== '429') return [];
    const key = sequenceOf(request.stage, request.body);
    const next = requests.slice(i + 1).find((later) => sequenceOf(later.stage, later.body) === key);
    return next ? [next.at - request.at] : [];
  });
  printFigures(`LLM faults (seed ${SEED})`, {
    generations: `${GENERATIONS} requested, ${progress.length} completed`,
    'LLM requests': `${requests.length} (${GENERATIONS * LLM_STAGES.length} without faults)`,
    '5xx served': served['server-error'] ?? 0,
    [`429 served (${plan.rateLimitBursts?.atRequests.length} bursts)`]: served['rate-limited'] ?? 0,
    'silent before headers / mid-stream': `${served.hang ?? 0} / ${served.stall ?? 0}`,
    'LLM calls abandoned by the client': Object.values(harness.llm.aborted).reduce((sum, n) => sum + n, 0),
    'longest planned fault run for one stage': `${Math.max(...runs)} (+1 per burst: worst case ${worstCase} failed attempts)`,
    'stages retried': stages.filter((stage) => stage.attempts > 1).length,
    'max attempts of one stage': `${Math.max(...stages.map((stage) => stage.attempts))} (policy allows ${MAX_ATTEMPTS})`,
    'shortest wait after a 429 (Retry-After 1 s)': afterRateLimit.length
      ? seconds(Math.min(...afterRateLimit))
      : 'no retry seen',
    'all generations done in': seconds(elapsed),
  });
  await worker.stop();
}, 300_000);

test('a refused API key fails every generation at once with an error that says what to fix', async () => {
  harness.llm.reset();
  const worker = await harness.startWorker({ env: { OPENAI_API_KEY: 'sk-revoked-key' } });
  const started = Date.now();
  const { user, jobs } = await requestGenerations('bad key', 5);
  const outcomes = await Promise.allSettled(jobs.map((job) => harness.jobResult(job.jobId)));
  const elapsed = Date.now() - started;
  expect(outcomes.map((outcome) => outcome.status)).toEqual(jobs.map(() => 'rejected'));

  for (const job of jobs) {
    const { body: progress } = await user.get(`/jobs/${job.jobId}`);
    expect(progress.status).toBe('failed');
    expect(progress.error).toMatchObject({ type: 'LlmAuthError', stage: 'research', nonRetryable: true });
    // The learner reads that the operator must fix a setting; the provider's words stay in the row and Temporal.
    expect(progress.error.message).toMatch(
      /setting the operator must fix \(the model provider refused its key\)/,
    );
    expect(progress.stages.find((stage: { name: string }) => stage.name === 'research')).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    const { body: article } = await user.get(`/articles/${job.articleId}`);
    expect(article.status).toBe('failed');
    expect(article.error).toMatchObject({ type: 'LlmAuthError', stage: 'research' });
    expect(article.error.message).toMatch(/operator must fix/);
    expect((await harness.articleRow(job.articleId)).error?.message).toMatch(/Set a valid OPENAI_API_KEY/);
  }
  printFigures('LLM faults: refused API key', {
    generations: `${jobs.length} requested, ${jobs.length} failed`,
    'attempts per generation': 1,
    'error type': 'LlmAuthError (non-retryable)',
    'all failed within': seconds(elapsed),
  });
  await worker.stop();
}, 120_000);
