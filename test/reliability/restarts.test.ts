import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, waitFor } from '../../stack/ports';
import { ApiClient, registerAndSignIn } from '../helpers/api-harness';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { printFigures, seconds } from './figures';
import { expectOneSetOfOutputs } from './stored-outputs';

/**
 * Restarts: generations in flight while the Temporal dev server stops and starts again on the same port and
 * SQLite file, then the API process is restarted. Every generation must complete and be readable through the
 * new API. OPAD_RELIABILITY_LONG=1 runs more generations and a longer Temporal outage.
 */
const LONG = Boolean(process.env.OPAD_RELIABILITY_LONG);
const GENERATIONS = LONG ? 30 : 10;
const TEMPORAL_DOWN_MS = LONG ? 30_000 : 5_000;

const harness = new PipelineHarness();
beforeAll(async () => {
  await harness.start();
  await harness.startWorker();
});
afterAll(() => harness.close());

test(`${GENERATIONS} generations complete across a Temporal restart and an API restart`, async () => {
  // Slow streams keep generations in flight while the servers go down.
  for (const stage of ['research', 'draft', 'adapt']) harness.llm.setChunkDelay(stage, 250);
  const port = await freePort();
  let api = await harness.spawnApi('0', port);
  const baseUrl = `http://127.0.0.1:${port}`;
  const registered = await registerAndSignIn(baseUrl, 'restarts@example.com');
  const user = new ApiClient(baseUrl, registered.token);
  const accepted = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) =>
      user.post('/articles', { language: 'en', level: 'B1', length: 300, topic: `restart ${i}` }),
    ),
  );
  expect(accepted.map((res) => res.status)).toEqual(accepted.map(() => 202));
  const jobs = accepted.map((res) => res.body as { articleId: string; jobId: string });
  await harness.llm.waitForRequests('draft', Math.ceil(GENERATIONS / 3));
  const inFlight = await stagesInFlight(user, jobs);

  const startTemporal = await harness.stopTemporal();
  const healthWhileDown = await user.get('/health');
  expect(healthWhileDown.status).toBe(503);
  await sleep(TEMPORAL_DOWN_MS);
  const restarting = Date.now();
  await startTemporal();
  const temporalStartMs = Date.now() - restarting;

  await api.stop();
  const apiRestarting = Date.now();
  api = await harness.spawnApi('1', port);
  const apiStartMs = Date.now() - apiRestarting;
  const reopened = Date.now();

  let statuses: string[] = [];
  await waitFor(
    'every generation to complete through the restarted API',
    async () => {
      const progress = await Promise.all(jobs.map((job) => user.get(`/jobs/${job.jobId}`)));
      statuses = progress.map((res) => res.body.status);
      return statuses.every((status) => ['completed', 'failed', 'cancelled'].includes(status));
    },
    { timeoutMs: 240_000, intervalMs: 500 },
  );
  const doneMs = Date.now() - reopened;
  expect(statuses).toEqual(jobs.map(() => 'completed'));
  for (const job of jobs) expect((await user.get(`/articles/${job.articleId}/content`)).status).toBe(200);
  expect((await user.get('/health')).status).toBe(200);
  await expectOneSetOfOutputs(
    harness.blobs,
    jobs.map((job) => job.articleId),
  );

  const progress = await Promise.all(jobs.map((job) => user.get(`/jobs/${job.jobId}`)));
  const stages = progress.flatMap((res) => res.body.stages as Array<{ attempts: number }>);
  const llmRequests = Object.values(harness.llm.counts).reduce((sum, n) => sum + n, 0);
  printFigures('restarts', {
    generations: `${GENERATIONS} requested, ${statuses.length} completed`,
    'stages in flight when Temporal stopped': inFlight,
    'Temporal down for': seconds(TEMPORAL_DOWN_MS),
    'GET /health while Temporal was down': healthWhileDown.status,
    'Temporal start on the same SQLite file': seconds(temporalStartMs),
    'API restart (SIGTERM, start on the same port)': seconds(apiStartMs),
    'stages retried': stages.filter((stage) => stage.attempts > 1).length,
    'LLM requests': `${llmRequests} (${GENERATIONS * 3} without restarts)`,
    'all complete after the API came back': seconds(doneMs),
  });
  await api.stop();
}, 300_000);

async function stagesInFlight(user: ApiClient, jobs: Array<{ jobId: string }>): Promise<string> {
  const progress = await Promise.all(jobs.map((job) => user.get(`/jobs/${job.jobId}`)));
  const stages = progress.map((res) => res.body.stage ?? res.body.status);
  const counts = new Map<string, number>();
  for (const stage of stages) counts.set(stage, (counts.get(stage) ?? 0) + 1);
  return [...counts].map(([stage, count]) => `${count} ${stage}`).join(', ');
}
