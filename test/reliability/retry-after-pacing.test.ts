import { backoffMs } from '../../workflows/stage-retry';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { printFigures, seconds } from './figures';

// A provider that answers 429 with `Retry-After: 1` for a long time must not set the pace of the retries: each
// attempt adds events to the run's history (the attempt's report signals and the activity's own events), and a
// run has a limit on both.
const OUTAGE_MS = 60_000;
const MAX_INTERVAL_MS = 5_000;

const harness = new PipelineHarness();
beforeAll(async () => {
  await harness.start();
  await harness.startWorker();
});
afterAll(() => harness.close());

/** How many attempts the stage's own policy makes in `windowMs`: the first at once, then after each backoff. */
function attemptsByPolicy(windowMs: number): number {
  let attempts = 1;
  for (let at = backoffMs(1, MAX_INTERVAL_MS); at <= windowMs; at += backoffMs(attempts, MAX_INTERVAL_MS))
    attempts++;
  return attempts;
}

test(`a minute of 'Retry-After: 1' is retried at the policy's pace, not every second`, async () => {
  const input = await harness.createArticle({ topic: 'a provider that keeps saying 1 s' });
  input.retry = { budgetMs: 600_000, maxIntervalMs: MAX_INTERVAL_MS };
  harness.llm.setOutage({ kind: 'status', status: 429, retryAfterSeconds: 1 });
  const handle = await harness.startGeneration(input);
  await harness.llm.waitForRequests('research');
  const began = Date.now();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  const refused = harness.llm.requests.filter((request) => request.fault === '429').length;
  const eventsDuringOutage = (await handle.fetchHistory()).events?.length ?? 0;
  harness.llm.setOutage(undefined);
  await handle.result();

  const byPolicy = attemptsByPolicy(Date.now() - began);
  expect(refused).toBeLessThanOrEqual(byPolicy);
  // The provider's pace would have been about one attempt a second.
  expect(refused).toBeLessThan(OUTAGE_MS / 1_000 / 2);
  const pauses = harness.llm.requests
    .filter((request) => request.stage === 'research')
    .map((request, i, all) => (i === 0 ? 0 : request.at - (all[i - 1] as { at: number }).at));
  // From the fourth attempt on, the policy waits its longest pause, not the second the provider asks for.
  for (const pause of pauses.slice(4)) expect(pause).toBeGreaterThanOrEqual(MAX_INTERVAL_MS - 250);
  printFigures('outages: Retry-After: 1 for a minute', {
    'attempts refused with 429': refused,
    'attempts the policy allows in that time': byPolicy,
    'history events during the outage': eventsDuringOutage,
    'history events per hour of such an outage (at the longest pause)': Math.round(
      (eventsDuringOutage / Math.max(1, refused)) * (3_600_000 / MAX_INTERVAL_MS),
    ),
    'outage lasted': seconds(OUTAGE_MS),
  });
}, 180_000);
