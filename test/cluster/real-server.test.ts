import path from 'node:path';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import pg from 'pg';
import { freePort, waitFor } from '../../stack/ports';
import { startTemporalServer } from '../../stack/temporal-server';
import { DATABASES } from '../../stack/temporal-server-config';
import { startTemporalUi } from '../../stack/temporal-ui';
import { bundleWorkflows } from '../../worker/create-worker';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { PipelineHarness } from '../helpers/pipeline-harness';

/** The cluster mode itself: the real server on PostgreSQL, and generations run there that replay. */
const SHARDS = 3;
const harness = new PipelineHarness({ temporal: 'server', historyShards: SHARDS });

beforeAll(async () => {
  await harness.start();
  await harness.startWorker();
});
afterAll(() => harness.close());

async function queryServerDatabase(text: string): Promise<pg.QueryResultRow[]> {
  const url = new URL(harness.databaseUrl);
  url.pathname = `/${DATABASES.default}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

test('Temporal keeps its shards and namespaces in PostgreSQL, with opad search attributes registered', async () => {
  const [shards] = await queryServerDatabase('SELECT count(*)::int AS n FROM shards');
  expect(shards?.n).toBe(SHARDS);
  const namespaces = await queryServerDatabase('SELECT name FROM namespaces ORDER BY name');
  expect(namespaces.map((row) => row.name)).toEqual(['default', 'temporal-system']);
  const { customAttributes } = await harness.client.connection.operatorService.listSearchAttributes({
    namespace: 'default',
  });
  for (const key of Object.values(SEARCH_ATTRIBUTES))
    expect(Object.keys(customAttributes)).toContain(key.name);
});

test('generations run on the real server replay against the current workflow code', async () => {
  const runs: Array<[string, WorkflowHandleWithFirstExecutionRunId]> = [];
  const happy = await harness.startGeneration(await harness.createArticle());
  await happy.result();
  runs.push(['happy path', happy]);

  harness.llm.injectFault('draft', { kind: 'status', status: 503 }, 2);
  const waited = await harness.startGeneration(await harness.createArticle({ topic: 'wind' }));
  await waited.result();
  runs.push(['waited out an outage', waited]);

  harness.llm.injectFault('adapt', { kind: 'status', status: 401 });
  const failed = await harness.startGeneration(await harness.createArticle({ topic: 'tides' }));
  await expect(failed.result()).rejects.toThrow();
  runs.push(['failed at adapt', failed]);

  // Found through the server's SQL visibility store, as an operator would; it is written a moment after a run.
  const listClosed = async () => {
    const ids: string[] = [];
    const query = 'WorkflowType = "generateArticle" AND ExecutionStatus != "Running"';
    for await (const execution of harness.client.workflow.list({ query })) ids.push(execution.workflowId);
    return ids.sort();
  };
  await waitFor('the runs to be indexed', async () => (await listClosed()).length === runs.length);
  expect(await listClosed()).toEqual(runs.map(([, handle]) => handle.workflowId).sort());

  const histories = await Promise.all(
    runs.map(async ([, handle]) => ({ workflowId: handle.workflowId, history: await handle.fetchHistory() })),
  );
  // The cluster mode's Web UI, in front of the same frontend, shows the runs.
  const ui = await startTemporalUi({
    dataDir: path.join(harness.dir, 'ui'),
    temporalAddress: harness.temporalAddress,
    port: await freePort(),
    namespace: 'default',
  });
  try {
    expect((await fetch(ui.url)).status).toBe(200);
    const listedInUi = await (await fetch(`${ui.url}/api/v1/namespaces/default/workflows`)).text();
    for (const [, handle] of runs) expect(listedInUi).toContain(handle.workflowId);
  } finally {
    await ui.stop();
  }

  const workflowBundle = await bundleWorkflows();
  const errors = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories))
    if (result.error) errors.push(`${result.workflowId}: ${result.error}`);
  expect(errors).toEqual([]);
});

test('the server starts again on its data, and refuses another shard count with a message naming the variable', async () => {
  const startAgain = await harness.stopTemporal();
  await startAgain();
  const handle = await harness.startGeneration(await harness.createArticle({ topic: 'after the restart' }));
  expect((await handle.result()).title).toBeTruthy();

  await expect(
    startTemporalServer({
      dataDir: path.join(harness.dir, 'temporal-other-shards'),
      postgresUrl: harness.databaseUrl,
      shards: SHARDS + 1,
      headless: true,
    }),
  ).rejects.toThrow(
    `TEMPORAL_HISTORY_SHARDS is ${SHARDS + 1}, but the Temporal server's database was created with ${SHARDS} history shards`,
  );
});
