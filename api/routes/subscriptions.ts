import { type Request, Router } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import {
  hasTopicsOrSurprise,
  subscriptionPatchSchema,
  subscriptionSchema,
  TOPICS_OR_SURPRISE_MESSAGE,
} from '../../contracts/subscription';
import {
  deleteSubscription,
  findOwnedSubscription,
  insertSubscription,
  listSubscriptions,
  lockOwnedSubscription,
  updateSubscription,
} from '../../db/queries/subscriptions';
import type { Subscription } from '../../db/schema';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { createSchedule, deleteSchedule, nextRunsOf, scheduleIdOf, syncSchedule } from '../schedules';
import { parseInput } from '../validation';

export const subscriptionParamsSchema = z.object({
  id: z.uuid({ message: 'id must be a subscription id (a UUID)' }),
});

/** A learner may keep this many daily stories; each is a schedule on the cluster. */
const MAX_SUBSCRIPTIONS = 5;

function present(subscription: Subscription, nextRuns: string[] | null) {
  return {
    id: subscription.id,
    language: subscription.language,
    level: subscription.level,
    length: subscription.length,
    topics: subscription.topics,
    surprise: subscription.surprise,
    time: subscription.time_of_day,
    timeZone: subscription.time_zone,
    paused: subscription.paused,
    scheduleId: scheduleIdOf(subscription.id),
    nextRuns: subscription.paused ? [] : nextRuns,
    createdAt: subscription.created_at,
    updatedAt: subscription.updated_at,
  };
}

/**
 * GET|POST /subscriptions and GET|PATCH|DELETE /subscriptions/:id. The row and its Temporal Schedule change
 * in one transaction: when Temporal refuses or is down, the change is rolled back and answered 503.
 */
export function subscriptionRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use('/subscriptions', requireUser(deps));

  const ownedId = (req: Request) => parseInput(subscriptionParamsSchema, req.params, 'params').id;

  router.get('/subscriptions', async (req, res) => {
    const subscriptions = await listSubscriptions(deps.db, currentUser(req).id);
    const nextRuns = await Promise.all(subscriptions.map((s) => nextRunsOf(deps, s.id)));
    res.json({ items: subscriptions.map((s, i) => present(s, nextRuns[i] ?? null)) });
  });

  router.post('/subscriptions', async (req, res) => {
    const fields = parseInput(subscriptionSchema, req.body, 'body');
    const owner = currentUser(req).id;
    const created = await deps.db.transaction().execute(async (trx) => {
      // One learner's subscribes queue here, so two at once cannot both pass the limit.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`subscribe:${owner}`}, 0))`.execute(trx);
      if ((await listSubscriptions(trx, owner)).length >= MAX_SUBSCRIPTIONS) {
        throw new HttpError(
          409,
          'too_many_subscriptions',
          `You have ${MAX_SUBSCRIPTIONS} daily stories already; delete or change one instead`,
        );
      }
      const subscription = await insertSubscription(trx, owner, {
        ...fields,
        timeOfDay: fields.time,
        topics: fields.surprise ? [] : fields.topics,
      });
      await createSchedule(deps, subscription);
      return subscription;
    });
    res
      .status(201)
      .location(`/subscriptions/${created.id}`)
      .json(present(created, await nextRunsOf(deps, created.id)));
  });

  router.get('/subscriptions/:id', async (req, res) => {
    const id = ownedId(req);
    const subscription = await findOwnedSubscription(deps.db, currentUser(req).id, id);
    if (!subscription) throw notFound(`Subscription ${id}`);
    res.json(present(subscription, await nextRunsOf(deps, id)));
  });

  router.patch('/subscriptions/:id', async (req, res) => {
    const id = ownedId(req);
    const patch = parseInput(subscriptionPatchSchema, req.body, 'body');
    const updated = await deps.db.transaction().execute(async (trx) => {
      const before = await lockOwnedSubscription(trx, currentUser(req).id, id);
      if (!before) throw notFound(`Subscription ${id}`);
      const topics = patch.surprise ? [] : (patch.topics ?? before.topics);
      const surprise = patch.surprise ?? (patch.topics?.length ? false : before.surprise);
      if (!hasTopicsOrSurprise({ topics, surprise })) {
        throw new HttpError(400, 'invalid_request', `Invalid body: topics: ${TOPICS_OR_SURPRISE_MESSAGE}`, {
          fields: { topics: TOPICS_OR_SURPRISE_MESSAGE },
        });
      }
      const after = await updateSubscription(trx, id, {
        ...patch,
        topics,
        surprise,
        timeOfDay: patch.time,
      });
      await syncSchedule(deps, before, after);
      return after;
    });
    res.json(present(updated, await nextRunsOf(deps, id)));
  });

  router.delete('/subscriptions/:id', async (req, res) => {
    const id = ownedId(req);
    await deps.db.transaction().execute(async (trx) => {
      if (!(await lockOwnedSubscription(trx, currentUser(req).id, id))) throw notFound(`Subscription ${id}`);
      await deleteSchedule(deps, id);
      await deleteSubscription(trx, id);
    });
    res.status(204).end();
  });
  return router;
}
