import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startTemporalDevServer, type TemporalDevServer } from '../stack/temporal-dev-server';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { isAlive, makeTempDir } from './helpers/tmp';

const taskQueue = 'foundation-test';
let dataDir: string;
let server: TemporalDevServer;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  dataDir = makeTempDir('temporal');
  server = await startTemporalDevServer({ dataDir, headless: true });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: server.namespace });
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a workflow runs on the dev server and a list query finds it by a custom search attribute', async () => {
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: server.namespace,
    taskQueue,
    workflowsPath: require.resolve('./fixtures/workflows/ping'),
  });
  const articleId = `foundation-${Date.now()}`;
  const result = await worker.runUntil(async () => {
    const handle = await client.workflow.start('ping', {
      taskQueue,
      workflowId: `article-${articleId}`,
      args: ['hello'],
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.OpadArticleId, value: articleId }],
    });
    return handle.result();
  });
  await nativeConnection.close();
  expect(result).toBe(`pong: hello from article-${articleId}`);

  // Visibility is eventually consistent, so poll briefly for the indexed execution.
  const query = `OpadArticleId = "${articleId}" AND OpadStage = "pinged"`;
  let found: string[] = [];
  for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
    found = [];
    for await (const execution of client.workflow.list({ query })) found.push(execution.workflowId);
    if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(found).toEqual([`article-${articleId}`]);
});

test('the dev server keeps its state in a SQLite file under the data folder', () => {
  expect(fs.existsSync(`${dataDir}/temporal.sqlite`)).toBe(true);
});

test('stopping the helper leaves no process behind', async () => {
  const other = await startTemporalDevServer({ dataDir: makeTempDir('temporal-stop'), headless: true });
  const pid = other.process?.pid as number;
  expect(isAlive(pid)).toBe(true);
  await other.stop();
  expect(isAlive(pid)).toBe(false);
});
