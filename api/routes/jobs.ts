import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { findOwnedArticle } from '../../db/queries/articles';
import type { GenerationProgress } from '../../workflows/types';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { articleIdOfJob, readProgress } from '../generation';
import { parseInput } from '../validation';

export const jobParamsSchema = z.object({
  jobId: z.string().regex(/^article-[0-9a-f-]{36}$/, { message: 'jobId must look like article-<uuid>' }),
});

const SSE_POLL_MS = 250;
const SSE_KEEPALIVE_MS = 15_000;
const isFinal = (progress: GenerationProgress) =>
  ['completed', 'failed', 'cancelled'].includes(progress.status);

export function jobRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use('/jobs', requireUser(deps));

  const ownedJob = async (req: Request) => {
    const { jobId } = parseInput(jobParamsSchema, req.params, 'params');
    const article = await findOwnedArticle(deps.db, currentUser(req).id, articleIdOfJob(jobId));
    if (!article) throw notFound(`Job ${jobId}`);
    return article;
  };
  const reload = async (req: Request) => readProgress(deps, await ownedJob(req));

  router.get('/jobs/:jobId', async (req, res) => {
    res.json(await reload(req));
  });

  /**
   * Server-Sent Events: the server reads progress and pushes one `progress` event per change (its id is the
   * progress version), then one `end` event. A client that reconnects with Last-Event-ID gets the current
   * state at once if it has changed since, so it misses nothing.
   */
  router.get('/jobs/:jobId/events', async (req: Request, res: Response) => {
    let progress = await reload(req);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 1000\n\n`);
    let closed = false;
    req.on('close', () => {
      closed = true;
    });
    let lastSent = Number(req.get('last-event-id') ?? -1);
    let lastWrite = Date.now();
    const send = (event: string, data: GenerationProgress) => {
      res.write(`id: ${data.version}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      lastSent = data.version;
      lastWrite = Date.now();
    };
    while (!closed) {
      if (isFinal(progress)) {
        send('end', progress);
        break;
      }
      if (progress.version !== lastSent) send('progress', progress);
      else if (Date.now() - lastWrite > SSE_KEEPALIVE_MS) {
        res.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, SSE_POLL_MS));
      if (!closed) progress = await reload(req);
    }
    res.end();
  });
  return router;
}
