import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { loadTemporalSecurity } from '../../config/temporal-security';
import { connectDb, type Db } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { type ManagedProcess, startManagedProcess } from '../../stack/managed-process';
import { freePort, isListening } from '../../stack/ports';
import { type PostgresHandle, startPostgres } from '../../stack/postgres';
import { startTemporalServer } from '../../stack/temporal-server';
import { ensureBinary } from '../../stack/tools';
import type { generateArticle } from '../../workflows';
import { DEFAULT_STAGE_RETRY } from '../../workflows/stage-retry';
import { type FakeNews, startFakeNews } from '../fixtures/fake-news';
import { type FakeOpenAI, startFakeOpenAI } from '../fixtures/fake-openai';
import { insertArticle } from '../helpers/article-rows';
import { makeCertificateAuthority, makeTestCertificates, signCertificate } from '../helpers/certs';
import { makeTempDir } from '../helpers/tmp';

// The real Temporal server with mutual TLS on its frontend: the worker process, the API process and the CLI
// connect with the TEMPORAL_TLS_* variables alone, and what lacks a good client certificate or names the
// server wrongly is refused with a message that says why.

const ROOT = path.resolve(__dirname, '../..');
const TASK_QUEUE = 'mtls';
/** Sent beside the client certificate (this server does not check it): no log may show it. */
const API_KEY = 'tmprl-Zq3x9VwT2mKp8LrN4sYb7HcJ1dFgA6eU';
const dir = makeTempDir('mtls');
const certs = makeTestCertificates(dir);

let postgres: PostgresHandle;
let temporal: { address: string; namespace: string; stop(): Promise<void> };
let llm: FakeOpenAI;
let news: FakeNews;
let db: Db;
let connection: Connection;
let client: Client;
let worker: ManagedProcess;
let api: ManagedProcess;
let apiPort: number;

/** The variables an operator sets for this cluster. */
const tlsEnv = (): Record<string, string> => ({
  TEMPORAL_ADDRESS: temporal.address,
  TEMPORAL_NAMESPACE: temporal.namespace,
  TEMPORAL_TLS_CA: certs.caFile,
  TEMPORAL_TLS_CERT: certs.clientCertFile,
  TEMPORAL_TLS_KEY: certs.clientKeyFile,
  TEMPORAL_API_KEY: API_KEY,
});

/** Connection options built the way opad's processes build them, from these variables. */
function optionsFor(env: Record<string, string>) {
  return temporalConnectionOptions({ ...loadTemporalSecurity(env), address: temporal.address });
}

function processEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_OPTIONS: '',
    ...tlsEnv(),
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    DATABASE_URL: postgres.url,
    BLOB_BACKEND: 'fs',
    BLOB_DIR: path.join(dir, 'blobs'),
    OPENAI_API_KEY: llm.apiKey,
    OPENAI_BASE_URL: llm.baseUrl,
    SERPER_API_KEY: news.apiKey,
    SERPER_BASE_URL: news.baseUrl,
    FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
    API_BUDGET_DAILY_USD: '0',
    API_BUDGET_DAILY_GENERATIONS: '0',
    ...env,
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `entry` to its end: the CLI (cli/main.ts with its arguments), or a process that fails to start. */
function run(entry: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: ROOT, env: processEnv(env), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const opad = (args: string[], env: Record<string, string> = {}) => run('cli/main.ts', args, env);

const createArticle = () =>
  insertArticle(db, { retry: { budgetMs: DEFAULT_STAGE_RETRY.budgetMs, maxIntervalMs: 5_000 } });

let finished: { workflowId: string } | undefined;

/** One generation run over mutual TLS by the worker process; made once, read by several tests. */
async function finishedGeneration(): Promise<{ workflowId: string }> {
  if (finished) return finished;
  const input = await createArticle();
  const handle = await client.workflow.start<typeof generateArticle>('generateArticle', {
    taskQueue: TASK_QUEUE,
    workflowId: `article-${input.articleId}`,
    args: [input],
  });
  await handle.result();
  finished = { workflowId: handle.workflowId };
  return finished;
}

beforeAll(async () => {
  [postgres, llm, news] = await Promise.all([
    startPostgres({ dataDir: path.join(dir, 'pg') }),
    startFakeOpenAI(),
    startFakeNews(),
  ]);
  const adminTls = temporalConnectionOptions({
    address: 'unused:0',
    tls: { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile },
  }).tls;
  temporal = await startTemporalServer({
    dataDir: path.join(dir, 'temporal'),
    postgresUrl: postgres.url,
    shards: 1,
    headless: true,
    tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, clientCaFile: certs.caFile },
    adminConnection: { tls: adminTls },
  });
  db = connectDb(postgres.url);
  await migrateToLatest(db);
  connection = await Connection.connect(optionsFor(tlsEnv()));
  client = new Client({ connection, namespace: temporal.namespace });
  worker = await startManagedProcess({
    name: 'worker over mTLS',
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, 'worker/main.ts')],
    env: processEnv({}),
    logFile: path.join(dir, 'worker.log'),
    ready: async () => fs.readFileSync(path.join(dir, 'worker.log'), 'utf8').includes('polling'),
    readyTimeoutMs: 120_000,
  });
  apiPort = await freePort();
  api = await startManagedProcess({
    name: 'api over mTLS',
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, 'api/main.ts')],
    env: processEnv({ API_PORT: String(apiPort) }),
    logFile: path.join(dir, 'api.log'),
    ready: () => isListening(apiPort),
    readyTimeoutMs: 120_000,
  });
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await connection?.close();
  await db?.destroy();
  await Promise.all([llm?.close(), news?.close()]);
  await temporal?.stop();
  await postgres?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the worker process connects with the TLS variables and runs a generation to the end', async () => {
  const { workflowId } = await finishedGeneration();
  const description = await client.workflow.getHandle(workflowId).describe();
  expect(description.status.name).toBe('COMPLETED');
  expect(fs.readFileSync(path.join(dir, 'worker.log'), 'utf8')).toContain(
    `opad worker: polling ${TASK_QUEUE} on ${temporal.address}`,
  );
});

test('the API process reaches Temporal over mutual TLS: /health reports it up', async () => {
  const res = await fetch(`http://127.0.0.1:${apiPort}/health`);
  const body = (await res.json()) as { components: { temporal: { status: string } } };
  expect(body.components.temporal.status).toBe('up');
  expect(res.status).toBe(200);
});

test('the CLI exports and replays a history over mutual TLS', async () => {
  const { workflowId } = await finishedGeneration();
  const file = path.join(dir, 'history.json');
  const exported = await opad(['history', workflowId, '--output', file]);
  expect(exported).toMatchObject({ code: 0, stderr: '' });
  expect(exported.stdout).toMatch(new RegExp(`^wrote \\d+ events of ${workflowId} to `));
  const replayed = await opad(['replay', workflowId]);
  expect(replayed).toMatchObject({ code: 0, stderr: '' });
  expect(replayed.stdout).toContain(`replay ok: ${workflowId}`);
});

test("the Temporal CLI reads the same variables: an operator's shell serves both", async () => {
  const { workflowId } = await finishedGeneration();
  const temporalCli = await ensureBinary('temporal');
  const described = await new Promise<Run>((resolve) =>
    execFile(
      temporalCli,
      ['workflow', 'describe', '--workflow-id', workflowId, '--output', 'json'],
      { env: { PATH: process.env.PATH, HOME: dir, ...tlsEnv() } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
  expect(described).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(described.stdout).workflowExecutionInfo.status).toBe(
    'WORKFLOW_EXECUTION_STATUS_COMPLETED',
  );
});

test('a connection without a client certificate is refused', async () => {
  const noClientCert = { TEMPORAL_TLS_CERT: '', TEMPORAL_TLS_KEY: '' };
  const cli = await opad(['history', 'article-00000000-0000-4000-8000-000000000000'], noClientCert);
  expect(cli.code).toBe(1);
  expect(cli.stderr).toContain(
    `opad: Temporal at ${temporal.address} refused the TLS connection: the server requires a client certificate: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY`,
  );

  const workerRun = await run('worker/main.ts', [], noClientCert);
  expect(workerRun.code).toBe(1);
  expect(workerRun.stderr).toContain(`opad worker cannot connect to Temporal at ${temporal.address}: `);
  expect(workerRun.stderr).toContain(
    'the server requires a client certificate: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY',
  );
  expect(workerRun.stderr).not.toMatch(/\n\s+at /);

  // The SDK's own client, as the API uses it: no call gets through.
  const options = optionsFor({ ...tlsEnv(), ...noClientCert });
  const refused = await Connection.connect({ ...options, connectTimeout: 2_000 }).then(
    async (opened) => {
      await opened.close();
      return 'connected';
    },
    (error: Error) => error.message,
  );
  expect(refused).not.toBe('connected');
});

test('a client certificate from a CA the server does not trust is refused', async () => {
  const stranger = signCertificate(
    makeCertificateAuthority(path.join(dir, 'stranger'), 'stranger-ca'),
    dir,
    'stranger',
    { commonName: 'stranger', usage: 'clientAuth' },
  );
  const cli = await opad(['history', 'article-00000000-0000-4000-8000-000000000000'], {
    TEMPORAL_TLS_CERT: stranger.certFile,
    TEMPORAL_TLS_KEY: stranger.keyFile,
  });
  expect(cli.code).toBe(1);
  expect(cli.stderr).toContain(
    `opad: Temporal at ${temporal.address} refused the TLS connection: the server does not accept the client certificate in TEMPORAL_TLS_CERT`,
  );
});

test('a wrong server name is refused, and the message names both names', async () => {
  const wrongName = { TEMPORAL_TLS_SERVER_NAME: 'wrong.example' };
  const cli = await opad(['history', 'article-00000000-0000-4000-8000-000000000000'], wrongName);
  expect(cli.code).toBe(1);
  expect(cli.stderr).toContain(
    `opad: Temporal at ${temporal.address} refused the TLS connection: Hostname/IP does not match certificate's altnames: Host: wrong.example. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1`,
  );
  expect(cli.stderr).toContain('TEMPORAL_TLS_SERVER_NAME');

  const workerRun = await run('worker/main.ts', [], wrongName);
  expect(workerRun.code).toBe(1);
  expect(workerRun.stderr).toContain(`opad worker cannot connect to Temporal at ${temporal.address}: `);
  expect(workerRun.stderr).toContain("Host: wrong.example. is not in the cert's altnames");
  expect(workerRun.stderr).not.toMatch(/\n\s+at /);
});

test('the API key appears in no log and no output', async () => {
  await finishedGeneration();
  const logs = ['worker.log', 'api.log'].map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
  const cli = await opad(['history', 'article-00000000-0000-4000-8000-000000000000']);
  expect(cli.stderr).toContain('was not found');
  for (const text of [...logs, cli.stdout, cli.stderr]) expect(text).not.toContain(API_KEY);
});
