import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  Client,
  Connection,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { sql } from 'kysely';
import type { BlobStore } from '../../activities/storage';
import { openBlobStore } from '../../activities/storage';
import { type BlobSettings, type Config, loadConfig } from '../../config/env';
import { START_REQUEST_MEMO } from '../../contracts/start-memo';
import { connectDb, type Db } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { acceptRetry } from '../../db/queries/accept';
import { completeStartRequest } from '../../db/queries/start-requests';
import { type ManagedProcess, startManagedProcess } from '../../stack/managed-process';
import { isListening, waitFor } from '../../stack/ports';
import { type PostgresHandle, startPostgres } from '../../stack/postgres';
import { type RunningTemporal, startTemporal } from '../../stack/temporal';
import { buildActivityDeps } from '../../worker/build-deps';
import { bundleWorkflows, createWorker, type WorkerOptions } from '../../worker/create-worker';
import type { generateArticle } from '../../workflows';
import type { ArticleRequest, GenerateArticleInput } from '../../workflows/input';
import { progressQuery } from '../../workflows/messages';
import { DEFAULT_STAGE_RETRY, type StageRetry } from '../../workflows/stage-retry';
import type { GenerationProgress } from '../../workflows/types';
import { type FakeNews, startFakeNews } from '../fixtures/fake-news';
import { type FakeOpenAI, startFakeOpenAI } from '../fixtures/fake-openai';
import { insertArticle, insertUser } from './article-rows';
import { makeTempDir } from './tmp';

const TEST_MAX_INTERVAL_MS = 5_000;

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/**
 * Real Temporal dev server, real PostgreSQL and filesystem blobs, with the LLM and news providers replaced by
 * local servers that speak their protocols. Started once per test file.
 */
export class PipelineHarness {
  readonly taskQueue = `pipeline-${randomUUID().slice(0, 8)}`;
  client!: Client;
  db!: Db;
  blobs!: BlobStore;
  llm!: FakeOpenAI;
  news!: FakeNews;
  private temporal!: RunningTemporal;
  private postgres!: PostgresHandle;
  private connection!: Connection;
  private bundle?: WorkflowBundleWithSourceMap;
  private readonly closers: Array<() => Promise<void>> = [];
  private closing?: Promise<void>;
  readonly dir = makeTempDir('pipeline');
  private readonly temporalDir = path.join(this.dir, 'temporal');
  private readonly postgresDir = path.join(this.dir, 'pg');

  get temporalAddress(): string {
    return this.temporal.address;
  }

  get databaseUrl(): string {
    return this.postgres.url;
  }

  /**
   * `postgresPort` pins PostgreSQL's port, as a restart does; otherwise every server takes a free one.
   * `retry` goes into every workflow input, as the API's starter puts its configuration there.
   */
  constructor(
    private readonly options: {
      postgresPort?: number;
      retry?: StageRetry;
      /** The Temporal to run; otherwise OPAD_TEMPORAL's, so a whole suite can run on the real server. */
      temporal?: 'dev' | 'server';
      historyShards?: number;
    } = {},
  ) {}

  get temporalMode(): 'dev' | 'server' {
    return this.options.temporal ?? loadConfig().temporal.mode;
  }

  /** The Temporal this harness started: its process and, for the real server, its metrics. */
  get temporalServer(): Pick<RunningTemporal, 'process' | 'metricsUrl'> {
    return this.temporal;
  }

  /** The processes of the servers this harness started, whether or not they still run. */
  get startedPids(): number[] {
    return [this.temporal?.process?.pid, this.postgres?.pid].filter(
      (pid): pid is number => pid !== undefined,
    );
  }

  /**
   * Starts the servers side by side. When one fails, the set-up waits for the others and stops them, so a
   * failed beforeAll leaves no process behind.
   */
  async start(): Promise<this> {
    // The real Temporal server keeps its databases in this harness's PostgreSQL; the dev server starts beside it.
    const mode = this.temporalMode;
    const startOwnTemporal = (postgresUrl?: string) =>
      startTemporal({
        mode,
        dataDir: this.temporalDir,
        postgresUrl,
        historyShards: this.options.historyShards,
        headless: true,
      }).then((server) => {
        this.temporal = server;
      });
    const postgresStarted = startPostgres({
      dataDir: this.postgresDir,
      port: this.options.postgresPort,
    }).then((server) => {
      this.postgres = server;
    });
    const started = await Promise.allSettled([
      mode === 'dev' ? startOwnTemporal() : postgresStarted.then(() => startOwnTemporal(this.postgres.url)),
      postgresStarted,
      startFakeOpenAI().then((server) => {
        this.llm = server;
      }),
      startFakeNews().then((server) => {
        this.news = server;
      }),
    ]);
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) {
      await this.close();
      throw failure.reason;
    }
    this.db = connectDb(this.postgres.url);
    await migrateToLatest(this.db);
    this.blobs = await openBlobStore(this.blobSettings());
    this.connection = await Connection.connect({ address: this.temporal.address });
    this.client = new Client({ connection: this.connection });
    return this;
  }

  blobSettings(): BlobSettings {
    return { backend: 'fs', dir: path.join(this.dir, 'blobs') };
  }

  /** The environment a worker process reads; the same values configure in-process workers. */
  workerEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      DATABASE_URL: this.postgres.url,
      BLOB_BACKEND: 'fs',
      BLOB_DIR: path.join(this.dir, 'blobs'),
      OPENAI_API_KEY: this.llm.apiKey,
      OPENAI_BASE_URL: this.llm.baseUrl,
      SERPER_API_KEY: this.news.apiKey,
      SERPER_BASE_URL: this.news.baseUrl,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      LLM_IDLE_TIMEOUT_MS: '5000',
      // Pauses between attempts up to 5 s, not 5 min: a suite waits for generations after a fault, and a busy
      // machine can make a stage fail a few times. test/reliability/outages.test.ts sets its own.
      STAGE_RETRY_MAX_INTERVAL_MS: String(TEST_MAX_INTERVAL_MS),
      // Suites make many generations per learner; the budgets have tests of their own (test/api/budgets.test.ts).
      API_BUDGET_DAILY_USD: '0',
      API_BUDGET_DAILY_GENERATIONS: '0',
      // The shared LLM limit has tests of its own (test/reliability/llm-rate-limit.test.ts).
      LLM_TOKENS_PER_MINUTE: '0',
      ...overrides,
    };
  }

  config(overrides: Record<string, string> = {}): Config {
    return loadConfig(this.workerEnv(overrides));
  }

  async startWorker(
    options: {
      blobs?: BlobSettings;
      taskQueue?: string;
      env?: Record<string, string>;
      wrapActivities?: WorkerOptions['wrapActivities'];
      /** Another version of the workflow code, as a rolling deploy runs; by default the current code. */
      workflowBundle?: WorkflowBundleWithSourceMap;
    } = {},
  ) {
    this.bundle ??= await bundleWorkflows();
    const config = this.config(options.env);
    if (options.blobs) config.blobs = options.blobs;
    if (options.taskQueue) config.temporal.taskQueue = options.taskQueue;
    const built = await buildActivityDeps(config, this.temporal.address, this.postgres.url);
    const connection = await NativeConnection.connect({ address: this.temporal.address });
    const worker = await createWorker({
      config,
      connection,
      deps: built.deps,
      workflowBundle: options.workflowBundle ?? this.bundle,
      wrapActivities: options.wrapActivities,
    });
    const running = worker.run();
    const stop = async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await built.close();
    };
    this.closers.push(stop);
    return { worker, stop };
  }

  /** The real worker entry point (worker/main.ts) as a child process, so tests can SIGKILL it. */
  async spawnWorker(name: string, env: Record<string, string> = {}): Promise<ManagedProcess> {
    const child = await startManagedProcess({
      name: `worker ${name}`,
      command: process.execPath,
      args: ['--import', 'tsx', path.resolve('worker/main.ts')],
      env: { ...process.env, ...this.workerEnv(env), NODE_OPTIONS: '' },
      logFile: path.join(this.dir, `worker-${name}.log`),
      ready: async () =>
        fs.readFileSync(path.join(this.dir, `worker-${name}.log`), 'utf8').includes('polling'),
      readyTimeoutMs: 120_000,
    });
    this.closers.push(() => child.kill());
    return child;
  }

  /** The real API entry point (api/main.ts) as a child process on `port`, so tests can restart it. */
  async spawnApi(name: string, port: number, env: Record<string, string> = {}): Promise<ManagedProcess> {
    const logFile = path.join(this.dir, `api-${name}.log`);
    const child = await startManagedProcess({
      name: `api ${name}`,
      command: process.execPath,
      args: ['--import', 'tsx', path.resolve('api/main.ts')],
      env: {
        ...process.env,
        ...this.workerEnv({
          API_PORT: String(port),
          API_RATE_LIMIT_PER_MINUTE: '10000',
          LOG_LEVEL: 'warn',
          ...env,
        }),
        NODE_OPTIONS: '',
      },
      logFile,
      ready: () => isListening(port),
      readyTimeoutMs: 120_000,
    });
    this.closers.push(() => child.kill());
    return child;
  }

  /** Stops Temporal; the function returned starts it again on the same port and data. */
  async stopTemporal(): Promise<() => Promise<void>> {
    const port = Number(this.temporal.address.split(':')[1]);
    await this.temporal.stop();
    return async () => {
      this.temporal = await startTemporal({
        mode: this.temporalMode,
        dataDir: this.temporalDir,
        historyShards: this.options.historyShards,
        postgresUrl: this.postgres.url,
        port,
        headless: true,
      });
    };
  }

  /** Stops PostgreSQL; the function returned starts it again on the same port and data folder. */
  async stopPostgres(): Promise<() => Promise<void>> {
    const port = Number(new URL(this.postgres.url).port);
    await this.postgres.stop();
    return async () => {
      this.postgres = await startPostgres({ dataDir: this.postgresDir, port });
    };
  }

  /** Waits until every one of these articles' rows says completed, as the API and the web would show. */
  async waitUntilCompleted(articleIds: string[], timeoutMs: number): Promise<void> {
    await waitFor(
      `${articleIds.length} generations to complete`,
      async () => {
        const { n } = await this.db
          .selectFrom('articles')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('id', 'in', articleIds)
          .where('status', '=', 'completed')
          .executeTakeFirstOrThrow();
        return n === articleIds.length;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  createUser(): Promise<string> {
    return insertUser(this.db);
  }

  /** Inserts the article row the API would create, and returns the workflow input. */
  createArticle(request: Partial<ArticleRequest> = {}, owner?: string): Promise<GenerateArticleInput> {
    const retry = this.options.retry ?? {
      budgetMs: DEFAULT_STAGE_RETRY.budgetMs,
      maxIntervalMs: TEST_MAX_INTERVAL_MS,
    };
    return insertArticle(this.db, { request, owner, retry });
  }

  /** Starts the article's run as the API's starter does, which also records the run as the article's. */
  async startGeneration(
    input: GenerateArticleInput,
    taskQueue = this.taskQueue,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof generateArticle>> {
    const handle = await this.client.workflow.start<typeof generateArticle>('generateArticle', {
      taskQueue,
      workflowId: `article-${input.articleId}`,
      args: [input],
      memo: { [START_REQUEST_MEMO]: input.startId },
    });
    await this.db
      .updateTable('articles')
      .set({ run_id: handle.firstExecutionRunId })
      .where('id', '=', input.articleId)
      .where('run_id', 'is', null)
      .execute();
    return handle;
  }

  /**
   * Retries a failed or cancelled article as the API does: the row waits for a new start request, and this run is
   * it. The start request is claimed long enough that no API starter of the harness starts it too.
   */
  async retryGeneration(
    input: GenerateArticleInput,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof generateArticle>> {
    const start = await acceptRetry(this.db, input.articleId, 60_000);
    if (!start)
      throw new Error(`article ${input.articleId} is not failed or cancelled, so it cannot be retried`);
    const handle = await this.startGeneration({ ...input, startId: start.requestId });
    await completeStartRequest(this.db, start, handle.firstExecutionRunId);
    return handle;
  }

  /** The result of a job the API accepted: its start is asynchronous, so this waits for the run to exist. */
  async jobResult(jobId: string): Promise<unknown> {
    const handle = this.client.workflow.getHandle(jobId);
    await waitFor(`workflow ${jobId} to start`, async () => Boolean(await handle.describe()), {
      intervalMs: 50,
    });
    return handle.result();
  }

  /** Waits until the article's outcome is stored: its row and its final progress agree. */
  async settled(articleId: string) {
    let row = await this.articleRow(articleId);
    await waitFor(
      `article ${articleId} to settle`,
      async () => {
        row = await this.articleRow(articleId);
        return (
          ['completed', 'failed', 'cancelled'].includes(row.status) && row.progress?.status === row.status
        );
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    return row;
  }

  progress(handle: WorkflowHandle): Promise<GenerationProgress> {
    return handle.query(progressQuery);
  }

  articleRow(articleId: string) {
    return this.db.selectFrom('articles').selectAll().where('id', '=', articleId).executeTakeFirstOrThrow();
  }

  /** Stops everything that was started; safe to call again, as afterAll does after a failed start. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  protected async shutdown(): Promise<void> {
    for (const close of this.closers.reverse()) await close().catch(() => {});
    await this.connection?.close();
    await this.db?.destroy();
    await Promise.all([this.llm?.close(), this.news?.close()]);
    await this.temporal?.stop();
    await this.postgres?.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A harness for one test file with a worker on `taskQueue` (by default the harness's own), and the fake providers
 * reset before each test.
 */
export function usePipelineHarness(taskQueue?: string): PipelineHarness {
  const harness = new PipelineHarness();
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker({ taskQueue });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.llm.reset();
    harness.news.reset();
  });
  return harness;
}
