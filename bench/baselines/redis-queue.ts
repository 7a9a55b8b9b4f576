import Redis from 'ioredis';
import type { GenerateArticleInput } from '../../workflows/input';
import { nowMs } from '../stats';
import { runRole, serveJobsApi } from './http-api';
import { type StepKeys, stepDepsFromEnv } from './step-deps';
import { PIPELINE_STAGES, runStep } from './steps';

/**
 * Baseline (a): the design opad replaces. The API LPUSHes the article onto a Redis list and keeps its status in a
 * Redis hash; each worker slot BRPOPs a job and runs the seven steps in a row, updating the hash as it goes.
 * BRPOP removes the job from the list, so a worker that dies mid-job takes the job with it: nothing re-runs it,
 * and its status stays "running" for ever. Recovering it means starting the article again from the first step.
 *
 * Roles: `api` (PORT) and `worker` (SLOTS); both need REDIS_URL and PREFIX.
 */
const prefix = process.env.PREFIX ?? 'rq';
export const keys = {
  queue: `${prefix}:queue`,
  job: (articleId: string) => `${prefix}:job:${articleId}`,
  done: `${prefix}:done`,
};

async function api(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL as string);
  serveJobsApi(Number(process.env.PORT), {
    async accept(input) {
      await redis
        .multi()
        .hset(keys.job(input.articleId), { status: 'queued', stage: '', input: JSON.stringify(input) })
        .lpush(keys.queue, JSON.stringify(input))
        .exec();
    },
    async progress(jobId) {
      const job = await redis.hgetall(keys.job(jobId.replace(/^article-/, '')));
      if (!job.status) return undefined;
      const { input: _input, ...status } = job;
      return status;
    },
  });
  console.log(`redis-queue api: listening on ${process.env.PORT}`);
}

async function worker(): Promise<void> {
  const deps = await stepDepsFromEnv();
  const redis = new Redis(process.env.REDIS_URL as string);
  const runJob = async (input: GenerateArticleInput) => {
    const job = keys.job(input.articleId);
    let stepKeys: StepKeys = {};
    try {
      for (const stage of PIPELINE_STAGES) {
        await redis.hset(job, { status: 'running', stage, [`${stage}:start`]: nowMs() });
        stepKeys = await runStep(stage, deps, input, stepKeys);
        // The first end is kept: a stage run again after a requeue must still show when it had first finished.
        await redis.hsetnx(job, `${stage}:end`, nowMs());
      }
      await redis.hset(job, { status: 'completed', stage: '' });
      await redis.publish(keys.done, `article-${input.articleId} completed`);
    } catch (error) {
      await redis.hset(job, { status: 'failed', error: (error as Error).message });
      await redis.publish(keys.done, `article-${input.articleId} failed`);
    }
  };
  // One blocking connection per slot: BRPOP holds its connection until a job arrives.
  const slot = async () => {
    const blocking = new Redis(process.env.REDIS_URL as string);
    for (;;) {
      const popped = await blocking.brpop(keys.queue, 0);
      if (popped) await runJob(JSON.parse(popped[1]) as GenerateArticleInput);
    }
  };
  const slots = Number(process.env.SLOTS ?? 20);
  console.log(`redis-queue worker: polling ${keys.queue} with ${slots} slots`);
  await Promise.all(Array.from({ length: slots }, slot));
}

if (require.main === module) runRole({ api, worker });
