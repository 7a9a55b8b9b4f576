import { Router } from 'express';
import type { ApiDeps } from '../deps';

/** GET /usage and GET /usage/articles/:id. */
export function usageRoutes(_deps: ApiDeps): Router {
  return Router();
}
