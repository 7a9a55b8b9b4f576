import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { findJobState } from '../../db/queries/articles';
import type { GenerationProgress } from '../../workflows/types';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { learnerProgress } from '../learner-errors';
import { isFinal, storedFinal } from '../orchestration/job-progress';
import { articleIdOfJob } from '../orchestration/temporal-calls';
import { parseInput } from '../validation';

export const jobParamsSchema = z.object({
  jobId: z.string().regex(/^article-[0-9a-f-]{36}$/, { message: 'jobId must look like article-<uuid>' }),
});

const SSE_KEEPALIVE_MS = 15_000;

/** Open progress streams per user in this process; past the cap, a new stream answers 429. */
class StreamCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly cap: number) {}

  acquire(userId: string): () => void {
    const count = this.open.get(userId) ?? 0;
    if (count >= this.cap) {
      throw new HttpError(
        429,
        'too_many_streams',
        `You already follow ${count} jobs live, the most one account may at once; close another page or tab first`,
      );
    }
    this.open.set(userId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }
}

export function jobRoutes(deps: ApiDeps, limitJobs: RequestHandler): Router {
  const router = Router();
  router.use('/jobs', requireUser(deps), limitJobs);
  const streams = new StreamCounter(deps.config.api.streamsPerUser);

  /** The job's stored state, owned by the caller; the state of a closed job is final and needs no Temporal call. */
  const ownedJob = async (req: Request) => {
    const { jobId } = parseInput(jobParamsSchema, req.params, 'params');
    const state = await findJobState(deps.db, articleIdOfJob(jobId));
    if (!state || state.owner !== currentUser(req).id || state.deleted_at) throw notFound(`Job ${jobId}`);
    return state;
  };

  router.get('/jobs/:jobId', async (req, res) => {
    const state = await ownedJob(req);
    res.json(learnerProgress(storedFinal(state) ?? (await deps.progress.current(state.id))));
  });

  /**
   * Server-Sent Events: one `progress` event per new version (its id is the version, which keeps growing
   * across retries), then one `end` event with the final state. A client that reconnects with Last-Event-ID
   * gets only what is newer.
   */
  router.get('/jobs/:jobId/events', deps.limits.streams, async (req: Request, res: Response) => {
    const state = await ownedJob(req);
    const release = streams.acquire(currentUser(req).id);
    deps.metrics.openStreams.inc();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    let lastSent = Number(req.get('last-event-id') ?? -1);
    const send = (event: 'progress' | 'end', data: GenerationProgress) => {
      res.write(`id: ${data.version}\nevent: ${event}\ndata: ${JSON.stringify(learnerProgress(data))}\n\n`);
      lastSent = data.version;
    };
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEPALIVE_MS);
    let unsubscribe = () => {};
    const finish = () => {
      clearInterval(keepAlive);
      unsubscribe();
      release();
      if (!res.writableEnded) {
        deps.metrics.openStreams.dec();
        res.end();
      }
    };
    req.on('close', finish);
    const onProgress = (progress: GenerationProgress) => {
      if (isFinal(progress)) {
        send('end', progress);
        finish();
      } else if (progress.version > lastSent) send('progress', progress);
    };
    const final = storedFinal(state);
    if (final) onProgress(final);
    else unsubscribe = deps.progress.subscribe(state.id, onProgress);
    if (res.writableEnded) unsubscribe();
  });
  return router;
}
