import { Router } from 'express';
import { localDateOf } from '../../contracts/subscription';
import { findOwnedArticle } from '../../db/queries/articles';
import { learnerTimeZone, readDays, recordRead, todaysArticle, wasRead } from '../../db/queries/reads';
import { recordSeenInStory } from '../../db/queries/review';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { presentArticle } from '../present';
import { streakOf } from '../streak';
import { parseInput } from '../validation';
import { idParamsSchema } from './articles';

/** GET /today (today's story and the streak) and POST /articles/:id/read (what the streak counts). */
export function todayRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(['/today', '/articles/:id/read'], requireUser(deps));

  router.get('/today', async (req, res) => {
    const owner = currentUser(req).id;
    const timeZone = await learnerTimeZone(deps.db, owner);
    const date = localDateOf(new Date(), timeZone);
    const [article, days] = await Promise.all([
      todaysArticle(deps.db, owner, date, timeZone),
      readDays(deps.db, owner),
    ]);
    res.json({
      date,
      timeZone,
      story: article ? { ...presentArticle(article), read: await wasRead(deps.db, owner, article.id) } : null,
      streak: streakOf(days, date),
    });
  });

  router.post('/articles/:id/read', async (req, res) => {
    const { id } = parseInput(idParamsSchema, req.params, 'params');
    const owner = currentUser(req).id;
    const article = await findOwnedArticle(deps.db, owner, id);
    if (!article) throw notFound(`Article ${id}`);
    if (article.status !== 'completed') {
      throw new HttpError(
        409,
        'not_ready',
        `Only a finished article can be read; this one is ${article.status}`,
      );
    }
    const date = localDateOf(new Date(), await learnerTimeZone(deps.db, owner));
    const first = await recordRead(deps.db, owner, id, date);
    // The saved words the story used were seen in context, once, on the first read: recorded, not graded,
    // since the learner was not asked to recall them (decision record 030).
    const seenInContext = first
      ? await recordSeenInStory(deps.db, owner, article.language, article.vocabulary_used, new Date())
      : [];
    const streak = streakOf(await readDays(deps.db, owner), date);
    res.status(first ? 201 : 200).json({ articleId: id, readOn: date, first, streak, seenInContext });
  });
  return router;
}
