import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import type { ManagedProcess } from '../../stack/managed-process';
import { freePort } from '../../stack/ports';
import type { PipelineHarness } from '../../test/helpers/pipeline-harness';
import { jobIdOf, QUEUE } from '../baselines/bullmq-flow';
import { stageOfCall } from '../baselines/llm';
import { PIPELINE_STAGES } from '../baselines/steps';
import type { CpuGroups } from '../cpu';
import type { TimedLlm } from '../fixtures/timed-llm';
import { HttpJobClient } from './http-client';
import { spawnScript, WorkerProcesses } from './processes';
import type { RedisServer } from './redis-server';
import type {
  Deployment,
  DeploymentOptions,
  JobClient,
  RecordedReply,
  StageTimes,
  SystemUnderTest,
} from './types';

type BaselineName = 'redis-queue' | 'bullmq-flow';

const SCRIPTS: Record<BaselineName, string> = {
  'redis-queue': 'bench/baselines/redis-queue.ts',
  'bullmq-flow': 'bench/baselines/bullmq-flow.ts',
};

/** A baseline's api and worker roles as child processes, on the bench's redis-server and fake providers. */
export class BaselineSystem implements SystemUnderTest {
  constructor(
    readonly name: BaselineName,
    private readonly harness: PipelineHarness,
    private readonly redis: RedisServer,
    private readonly llm: TimedLlm,
    private readonly logDir: string,
  ) {}

  async deploy(options: DeploymentOptions): Promise<BaselineDeployment> {
    const deployment = new BaselineDeployment(
      this.name,
      this.harness,
      this.redis,
      this.llm,
      this.logDir,
      options,
    );
    await deployment.start();
    return deployment;
  }
}

let spawned = 0;

export class BaselineDeployment implements Deployment {
  readonly prefix: string;
  private api?: ManagedProcess;
  private readonly workerProcesses = new WorkerProcesses(() =>
    spawnScript({
      name: `${this.name}-worker-${++spawned}`,
      script: SCRIPTS[this.name],
      args: ['worker'],
      env: this.env(),
      logDir: this.logDir,
      readyLine: 'polling',
    }),
  );
  private baseUrl = '';
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  /** Articles whose end the worker announced, with how they ended. */
  private readonly finished = new Map<string, boolean>();
  private readonly waiters = new Map<string, Array<(completed: boolean) => void>>();

  constructor(
    readonly name: BaselineName,
    private readonly harness: PipelineHarness,
    private readonly redis: RedisServer,
    private readonly llm: TimedLlm,
    private readonly logDir: string,
    private readonly options: DeploymentOptions,
  ) {
    this.prefix = `${name}-${randomUUID().slice(0, 8)}`;
    this.commands = new Redis(redis.url);
    this.subscriber = new Redis(redis.url);
  }

  get workers(): number {
    return this.options.workers;
  }

  private env(extra: Record<string, string> = {}): Record<string, string> {
    const provider = this.harness.workerEnv();
    return {
      REDIS_URL: this.redis.url,
      PREFIX: this.prefix,
      SLOTS: String(this.options.slots),
      OPENAI_API_KEY: provider.OPENAI_API_KEY as string,
      OPENAI_BASE_URL: this.llm.baseUrl,
      SERPER_API_KEY: provider.SERPER_API_KEY as string,
      SERPER_BASE_URL: provider.SERPER_BASE_URL as string,
      BLOB_DIR: path.join(this.harness.dir, 'baseline-blobs'),
      ...extra,
    };
  }

  async start(): Promise<void> {
    const channel = `${this.prefix}:done`;
    await this.subscriber.subscribe(channel);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [jobId, outcome] = message.split(' ') as [string, string];
      this.finished.set(jobId, outcome === 'completed');
      for (const resolve of this.waiters.get(jobId) ?? []) resolve(outcome === 'completed');
      this.waiters.delete(jobId);
    });
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.api = await spawnScript({
      name: `${this.name}-api-${++spawned}`,
      script: SCRIPTS[this.name],
      args: ['api'],
      env: this.env({ PORT: String(port) }),
      logDir: this.logDir,
      readyPort: port,
    });
    await this.workerProcesses.startAll(this.options.workers);
  }

  startWorker(index: number): Promise<void> {
    return this.workerProcesses.start(index);
  }

  killWorker(index: number): Promise<void> {
    return this.workerProcesses.kill(index);
  }

  async clients(count: number): Promise<JobClient[]> {
    return Array.from({ length: count }, () => new HttpJobClient(this.baseUrl));
  }

  waitDone(jobId: string, timeoutMs = 600_000): Promise<boolean> {
    const known = this.finished.get(jobId);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const list = this.waiters.get(jobId) ?? [];
      list.push((completed) => {
        clearTimeout(timer);
        resolve(completed);
      });
      this.waiters.set(jobId, list);
    });
  }

  async stageTimes(jobId: string): Promise<StageTimes[]> {
    const articleId = jobId.replace(/^article-/, '');
    if (this.name === 'redis-queue') {
      const job = await this.commands.hgetall(`${this.prefix}:job:${articleId}`);
      return PIPELINE_STAGES.map((stage) => ({
        stage,
        start: Number(job[`${stage}:start`]),
        end: Number(job[`${stage}:end`]),
      }));
    }
    // BullMQ stamps processedOn and finishedOn itself, in whole milliseconds.
    const queue = new Queue(QUEUE, {
      connection: { host: '127.0.0.1', port: this.redisPort() },
      prefix: this.prefix,
    });
    try {
      return await Promise.all(
        PIPELINE_STAGES.map(async (stage) => {
          const job = await Job.fromId(queue, jobIdOf(articleId, stage));
          return { stage, start: job?.processedOn ?? Number.NaN, end: job?.finishedOn ?? Number.NaN };
        }),
      );
    } finally {
      await queue.close();
    }
  }

  private redisPort(): number {
    return Number(new URL(this.redis.url).port);
  }

  /** The baselines name their article and the call in every LLM call, so the bench's LLM front attributes them. */
  async completedCalls(jobIds: string[]): Promise<Map<string, RecordedReply[]>> {
    const wanted = new Set(jobIds.map((jobId) => jobId.replace(/^article-/, '')));
    const calls = new Map<string, RecordedReply[]>();
    for (const call of this.llm.calls) {
      if (!call.article || !call.call || !wanted.has(call.article) || call.aborted || call.status !== 200)
        continue;
      const key = `article-${call.article}`;
      const replies = calls.get(key) ?? [];
      replies.push({ at: call.start, operation: call.stage, stage: stageOfCall(call.call), call: call.call });
      calls.set(key, replies);
    }
    return calls;
  }

  /**
   * What an operator of the Redis-list design does about jobs stuck in "running" after a crash: push them onto
   * the queue again. They start over at the first step, since nothing records which steps were done.
   */
  async requeueUnfinished(jobIds: string[]): Promise<number> {
    let requeued = 0;
    for (const jobId of jobIds) {
      const key = `${this.prefix}:job:${jobId.replace(/^article-/, '')}`;
      const [status, input] = await this.commands.hmget(key, 'status', 'input');
      if (status === 'completed' || !input) continue;
      await this.commands.hset(key, 'status', 'queued');
      await this.commands.lpush(`${this.prefix}:queue`, input);
      requeued++;
    }
    return requeued;
  }

  cpuGroups(): CpuGroups {
    return {
      redis: [this.redis.process.pid],
      api: this.api ? [this.api.pid] : [],
      worker: this.workerProcesses.pids(),
      bench: [process.pid],
    };
  }

  async stop(): Promise<void> {
    await this.workerProcesses.stop();
    await this.api?.stop(5_000);
    this.subscriber.disconnect();
    this.commands.disconnect();
    for (const [, list] of this.waiters) for (const resolve of list) resolve(false);
    this.waiters.clear();
  }
}
