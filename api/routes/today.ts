import { Router } from 'express';
import { localDateOf } from '../../contracts/subscription';
import { findOwnedArticle } from '../../db/queries/articles';
import { learnerTimeZone, readDays, recordRead, todaysArticle, wasRead } from '../../db/queries/reads';
import { dueEntriesAmong, saveReview } from '../../db/queries/review';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { presentArticle } from '../present';
import { gradeCard, LIGHT_REVIEW_GRADE } from '../review';
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

  /** The saved words the story used that were due: each gets a light review, once, on the first read. */
  const lightReview = async (owner: string, language: string, used: string[]) => {
    const now = new Date();
    const due = await dueEntriesAmong(deps.db, owner, language, used, now);
    const graded = await Promise.all(
      due.map((entry) => saveReview(deps.db, entry, gradeCard(entry, LIGHT_REVIEW_GRADE, now), now)),
    );
    return [...new Set(graded.flatMap((entry) => (entry ? [entry.lemma] : [])))];
  };

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
    const reviewed = first ? await lightReview(owner, article.language, article.vocabulary_used) : [];
    const streak = streakOf(await readDays(deps.db, owner), date);
    res.status(first ? 201 : 200).json({ articleId: id, readOn: date, first, streak, reviewed });
  });
  return router;
}
