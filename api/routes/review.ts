import { Router } from 'express';
import { z } from 'zod';
import { dueEntries, findOwnedEntry, reviewCounts, saveReview } from '../../db/queries/review';
import type { VocabularyEntry } from '../../db/schema';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { GRADES, gradeCard, reviewStateOf } from '../review';
import { parseInput } from '../validation';
import { vocabularyQuerySchema } from './vocabulary';

export const dueQuerySchema = vocabularyQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const reviewParamsSchema = z.object({
  entryId: z.uuid({ message: 'entryId must be a vocabulary entry id (a UUID)' }),
});
export const gradeSchema = z.object({
  grade: z
    .string({ message: `grade must be one of ${GRADES.join(', ')}` })
    .transform((grade) => grade.toLowerCase())
    .pipe(z.enum(GRADES, { message: `grade must be one of ${GRADES.join(', ')}` })),
});

const card = (entry: VocabularyEntry) => ({
  id: entry.id,
  language: entry.language,
  word: entry.word,
  lemma: entry.lemma,
  sentence: entry.sentence,
  definition: entry.definition,
  pos: entry.pos,
  gender: entry.gender,
  phonetics: entry.phonetics,
  level: entry.level,
  articleId: entry.article_id,
  review: reviewStateOf(entry),
});

/** GET /review/due and POST /review/:entryId: saved words on an FSRS schedule, one card per saved entry. */
export function reviewRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use('/review', requireUser(deps));

  router.get('/review/due', async (req, res) => {
    const { language, limit } = parseInput(dueQuerySchema, req.query, 'query');
    const owner = currentUser(req).id;
    const now = new Date();
    const [items, counts] = await Promise.all([
      dueEntries(deps.db, owner, now, { language, limit }),
      reviewCounts(deps.db, owner, now, language),
    ]);
    res.json({ items: items.map(card), due: counts.due, nextDueAt: counts.nextDueAt });
  });

  router.post('/review/:entryId', async (req, res) => {
    const { entryId } = parseInput(reviewParamsSchema, req.params, 'params');
    const { grade } = parseInput(gradeSchema, req.body, 'body');
    const entry = await findOwnedEntry(deps.db, currentUser(req).id, entryId);
    if (!entry) throw notFound(`Vocabulary entry ${entryId}`);
    const now = new Date();
    const graded = await saveReview(deps.db, entry, gradeCard(entry, grade, now), now);
    if (!graded) {
      throw new HttpError(
        409,
        'already_graded',
        'This word was graded meanwhile (another tab or a double submit); load the next due word',
      );
    }
    res.json(card(graded));
  });
  return router;
}
