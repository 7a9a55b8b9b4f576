import { Router } from 'express';
import { z } from 'zod';
import { findOwnedArticle } from '../../db/queries/articles';
import { articleUsageReport, usageReport } from '../../db/queries/usage-report';
import { currentUser, requireUser } from '../auth/tokens';
import { budgetOf } from '../budget';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { parseInput } from '../validation';

/** The window GET /usage covers when the query names no `from`. */
export const DEFAULT_USAGE_DAYS = 30;
const DAY_MS = 86_400_000;

const isoDateOrDateTime = (field: string) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    message: `${field} must be an ISO date (YYYY-MM-DD) or date-time with a time zone (2025-01-31T12:00:00Z)`,
  });

/**
 * `from` is inclusive. A date-only `to` includes that whole UTC day; a date-time `to` is exclusive. Without
 * `to` the window ends now; without `from` it starts 30 days before its end.
 */
export const usageQuerySchema = z.object({
  from: isoDateOrDateTime('from')
    .optional()
    .describe('Start of the window, inclusive; default: 30 days before its end'),
  to: isoDateOrDateTime('to')
    .optional()
    .describe(
      'End of the window: a date includes that whole UTC day, a date-time is exclusive; default: now',
    ),
});

export const usageArticleParamsSchema = z.object({
  id: z.uuid({ message: 'id must be an article id (a UUID)' }),
});

const isDateOnly = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
// Date-only strings parse as UTC midnight.
const instantOf = (value: string) => new Date(value);

/** The half-open window [from, to) a query asks for, or 400 when it ends before it starts. */
export function usageWindow(
  query: z.infer<typeof usageQuerySchema>,
  now = new Date(),
): { from: Date; to: Date } {
  const to = query.to ? new Date(instantOf(query.to).getTime() + (isDateOnly(query.to) ? DAY_MS : 0)) : now;
  const from = query.from ? instantOf(query.from) : new Date(to.getTime() - DEFAULT_USAGE_DAYS * DAY_MS);
  // A date-only `to` ends where its next day begins, so `from` on that next day is already after it.
  const fromAfterTo = query.to && isDateOnly(query.to) ? from >= to : from > to;
  if (fromAfterTo) {
    const message = 'from must not be after to';
    throw new HttpError(400, 'invalid_request', `Invalid query: from: ${message}`, {
      fields: { from: message },
    });
  }
  return { from, to };
}

/** GET /usage and GET /usage/articles/:id: the signed-in user's own LLM spend, never anyone else's. */
export function usageRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use('/usage', requireUser(deps));

  router.get('/usage', async (req, res) => {
    const window = usageWindow(parseInput(usageQuerySchema, req.query, 'query'));
    const owner = currentUser(req).id;
    const [report, budget] = await Promise.all([usageReport(deps.db, owner, window), budgetOf(deps, owner)]);
    res.json({ from: window.from.toISOString(), to: window.to.toISOString(), ...report, budget });
  });

  router.get('/usage/articles/:id', async (req, res) => {
    const { id } = parseInput(usageArticleParamsSchema, req.params, 'params');
    const owner = currentUser(req).id;
    if (!(await findOwnedArticle(deps.db, owner, id))) throw notFound(`Article ${id}`);
    res.json({ articleId: id, ...(await articleUsageReport(deps.db, owner, id)) });
  });
  return router;
}
