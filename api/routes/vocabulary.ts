import { Router } from 'express';
import { z } from 'zod';
import { findOwnedArticle } from '../../db/queries/articles';
import {
  deleteVocabulary,
  exportVocabulary,
  listVocabulary,
  saveVocabulary,
} from '../../db/queries/vocabulary';
import { CEFR_LEVELS, LANGUAGES, type Language } from '../../workflows/input';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { lookUp } from '../dictionary';
import { HttpError, notFound } from '../errors';
import { parseInput } from '../validation';
import { vocabularyTsv } from '../vocabulary-export';

const languageSchema = z.enum(Object.keys(LANGUAGES) as [Language, ...Language[]], {
  message: `language must be one of ${Object.keys(LANGUAGES).join(', ')}`,
});
const text = (field: string, max: number) =>
  z
    .string({ message: `${field} must be text` })
    .trim()
    .min(1, { message: `${field} must not be empty` })
    .max(max, { message: `${field} must have at most ${max} characters` });

export const lookupSchema = z.object({
  word: text('word', 64),
  sentence: text('sentence', 1000),
  language: languageSchema,
  articleId: z.uuid({ message: 'articleId must be an article id (a UUID)' }).optional(),
  mode: z
    .enum(['dictionary', 'context'], {
      message: 'mode must be dictionary (offline dictionary first) or context (the sense in this sentence)',
    })
    .default('dictionary'),
});

export const saveWordSchema = z.object({
  language: languageSchema,
  word: text('word', 64),
  lemma: text('lemma', 64),
  definition: text('definition', 1000),
  articleId: z.uuid({ message: 'articleId must be an article id (a UUID)' }).optional(),
  sentence: text('sentence', 1000).optional(),
  pos: text('pos', 40).optional(),
  gender: text('gender', 20).nullable().optional(),
  phonetics: text('phonetics', 100).optional(),
  forms: z.record(z.string().max(40), z.string().max(100)).optional(),
  examples: z.array(z.string().max(300)).max(5).optional(),
  level: z.enum(CEFR_LEVELS).optional(),
});

export const vocabularyQuerySchema = z.object({ language: languageSchema.optional() });
export const exportQuerySchema = z.object({
  language: languageSchema.optional(),
  format: z
    .enum(['tsv', 'apkg'], { message: 'format must be tsv (Anki imports it with File → Import)' })
    .default('tsv'),
});
const idSchema = z.object({ id: z.uuid({ message: 'id must be a vocabulary id (a UUID)' }) });

/** POST /dictionary/lookup and GET|POST|DELETE /vocabulary. */
export function vocabularyRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(['/dictionary', '/vocabulary'], requireUser(deps));

  const assertOwnArticle = async (owner: string, articleId: string | undefined) => {
    if (articleId && !(await findOwnedArticle(deps.db, owner, articleId)))
      throw notFound(`Article ${articleId}`);
  };

  router.post('/dictionary/lookup', deps.limits.dictionary, async (req, res) => {
    const lookup = parseInput(lookupSchema, req.body, 'body');
    const owner = currentUser(req).id;
    await assertOwnArticle(owner, lookup.articleId);
    res.json(await lookUp(deps, owner, lookup));
  });

  router.post('/vocabulary', async (req, res) => {
    const entry = parseInput(saveWordSchema, req.body, 'body');
    const owner = currentUser(req).id;
    await assertOwnArticle(owner, entry.articleId);
    const saved = await saveVocabulary(deps.db, { ...entry, owner, articleId: entry.articleId ?? null });
    res.status(saved.created ? 201 : 200).json(saved);
  });

  router.get('/vocabulary', async (req, res) => {
    const { language } = parseInput(vocabularyQuerySchema, req.query, 'query');
    const groups = await listVocabulary(deps.db, currentUser(req).id, language);
    res.json({
      items: groups.map((group) => ({
        lemma: group.lemma,
        language: group.language,
        count: group.count,
        articleIds: group.articleIds,
        entries: group.entries.map((row) => ({
          id: row.id,
          articleId: row.article_id,
          word: row.word,
          definition: row.definition,
          sentence: row.sentence,
          pos: row.pos,
          gender: row.gender,
          phonetics: row.phonetics,
          forms: row.forms,
          examples: row.examples,
          level: row.level,
          createdAt: row.created_at,
        })),
      })),
    });
  });

  router.get('/vocabulary/export', async (req, res) => {
    const { language, format } = parseInput(exportQuerySchema, req.query, 'query');
    if (format === 'apkg') {
      throw new HttpError(
        400,
        'format_unavailable',
        'The .apkg export is not built (no maintained package writes it offline); use format=tsv, which Anki imports with File → Import',
      );
    }
    const tsv = vocabularyTsv(await exportVocabulary(deps.db, currentUser(req).id, language));
    res
      .type('text/tab-separated-values; charset=utf-8')
      .attachment(`opad-vocabulary${language ? `-${language}` : ''}.tsv`)
      .send(tsv);
  });

  router.delete('/vocabulary/:id', async (req, res) => {
    const { id } = parseInput(idSchema, req.params, 'params');
    if (!(await deleteVocabulary(deps.db, currentUser(req).id, id))) throw notFound(`Vocabulary entry ${id}`);
    res.status(204).end();
  });
  return router;
}
