import { Router } from 'express';
import type { ApiDeps } from '../deps';

/** GET /health and GET /metrics. */
export function healthRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
