import { FlowProducer, type Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import type { GenerateArticleInput } from '../../workflows/input';
import type { StageName } from '../../workflows/types';
import { runRole, serveJobsApi } from './http-api';
import { type StepKeys, stepDepsFromEnv } from './step-deps';
import { PIPELINE_STAGES, runStep } from './steps';

/**
 * Baseline (b): a BullMQ flow. Each article is a chain of seven jobs, one per stage (upload waits on narration,
 * which waits on questions, then level, adapt, draft and research); a stage starts once its child has completed,
 * and reads the child's return value.
 * A worker that dies holds its jobs' locks until they expire; the stalled-job check then moves them back to wait,
 * and a job that stalls more than `maxStalledCount` times (default 1) fails, leaving its parents waiting for ever.
 *
 * Roles: `api` (PORT) and `worker` (SLOTS); both need REDIS_URL and PREFIX.
 */
export const QUEUE = 'articles';
const prefix = process.env.PREFIX ?? 'bull';
export const doneChannel = `${prefix}:done`;
/** Like opad's 10 s heartbeat time-out, so both notice a dead worker after about as long. */
export const LOCK_MS = 10_000;

export const jobIdOf = (articleId: string, stage: StageName) => `${articleId}-${stage}`;

function connection() {
  const url = new URL(process.env.REDIS_URL as string);
  return { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
}

/** The chain as BullMQ nests it: the last stage is the root, the first is the deepest child. */
function chain(input: GenerateArticleInput) {
  let node:
    | { name: string; queueName: string; data: GenerateArticleInput; opts: object; children?: unknown[] }
    | undefined;
  for (const stage of PIPELINE_STAGES) {
    node = {
      name: stage,
      queueName: QUEUE,
      data: input,
      opts: {
        jobId: jobIdOf(input.articleId, stage),
        attempts: 3,
        backoff: { type: 'exponential', delay: 1_000 },
      },
      ...(node ? { children: [node] } : {}),
    };
  }
  return node as Parameters<FlowProducer['add']>[0];
}

async function api(): Promise<void> {
  const flows = new FlowProducer({ connection: connection(), prefix });
  const queue = new Queue(QUEUE, { connection: connection(), prefix });
  serveJobsApi(Number(process.env.PORT), {
    async accept(input) {
      await flows.add(chain(input));
    },
    async progress(jobId) {
      const articleId = jobId.replace(/^article-/, '');
      const states = await Promise.all(
        PIPELINE_STAGES.map((stage) => queue.getJobState(jobIdOf(articleId, stage))),
      );
      if (states.every((state) => state === 'unknown')) return undefined;
      return Object.fromEntries(PIPELINE_STAGES.map((stage, i) => [stage, states[i]]));
    },
  });
  console.log(`bullmq-flow api: listening on ${process.env.PORT}`);
}

async function worker(): Promise<void> {
  const deps = await stepDepsFromEnv();
  const publisher = new Redis(process.env.REDIS_URL as string);
  const processor = async (job: Job<GenerateArticleInput>) => {
    const childKeys = Object.values(await job.getChildrenValues<StepKeys>());
    return runStep(job.name as StageName, deps, job.data, Object.assign({}, ...childKeys));
  };
  const slots = Number(process.env.SLOTS ?? 20);
  const worker = new Worker(QUEUE, processor, {
    connection: connection(),
    prefix,
    concurrency: slots,
    lockDuration: LOCK_MS,
    stalledInterval: LOCK_MS,
  });
  worker.on('completed', (job) => {
    if (job.name === 'upload') void publisher.publish(doneChannel, `article-${job.data.articleId} completed`);
  });
  worker.on('failed', async (job) => {
    // A failure with attempts left goes back to wait or delayed; only a job that stays failed ends the article.
    if (job && (await job.getState()) === 'failed')
      await publisher.publish(doneChannel, `article-${job.data.articleId} failed`);
  });
  await worker.waitUntilReady();
  console.log(`bullmq-flow worker: polling ${QUEUE} with ${slots} slots`);
}

if (require.main === module) runRole({ api, worker });
