import { type Request, Router } from 'express';
import { z } from 'zod';
import { LEVEL_BANDS } from '../../activities/level/bands';
import { checkText } from '../../activities/level/check';
import { splitArticleMarkdown } from '../../activities/markdown';
import type { ComprehensionQuestion } from '../../activities/prompts/questions';
import { BlobNotFoundError } from '../../activities/storage';
import type { ArticleLevel } from '../../contracts/api-types';
import type { CefrLevel, Language } from '../../contracts/article-request';
import { findOwnedArticle, listOwnedArticles, softDeleteArticle } from '../../db/queries/articles';
import { findAnswers, saveAnswers } from '../../db/queries/questions';
import { savedForms } from '../../db/queries/vocabulary';
import type { Article } from '../../db/schema';
import { articleRequestSchema, CEFR_LEVELS, LANGUAGES } from '../../workflows/input';
import { sendAudio } from '../audio';
import { currentUser, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { cancelArticle, requestArticle, retryArticle } from '../generation';
import { presentArticle } from '../present';
import { scoreAnswers } from '../questions';
import { parseInput } from '../validation';

export const idParamsSchema = z.object({ id: z.uuid({ message: 'id must be an article id (a UUID)' }) });

export const listQuerySchema = z.object({
  status: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']).optional(),
  language: z.enum(Object.keys(LANGUAGES) as [string, ...string[]]).optional(),
  level: z.enum(CEFR_LEVELS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

const createQuerySchema = z.object({ force: z.enum(['true', 'false']).optional() });
const headersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200, { message: 'Idempotency-Key must have at most 200 characters' })
    .optional(),
});

const answersSchema = z.object({
  answers: z
    .array(z.number({ message: 'each answer must be an option index' }).int().min(0), {
      message: 'answers must be a list of option indexes',
    })
    .max(10, { message: 'answers must have at most 10 items' }),
});

export function articleRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use('/articles', requireUser(deps));

  const ownedArticle = async (req: Request) => {
    const { id } = parseInput(idParamsSchema, req.params, 'params');
    const article = await findOwnedArticle(deps.db, currentUser(req).id, id);
    if (!article) throw notFound(`Article ${id}`);
    return article;
  };

  router.post('/articles', deps.limits.generate, async (req, res) => {
    const request = parseInput(articleRequestSchema, req.body, 'body');
    const { force } = parseInput(createQuerySchema, req.query, 'query');
    const idempotencyKey = parseInput(headersSchema, req.headers, 'headers')['idempotency-key'];
    const result = await requestArticle(deps, currentUser(req).id, request, {
      idempotencyKey,
      force: force === 'true',
    });
    res.status(202).location(`/jobs/${result.jobId}`).json(result);
  });

  router.get('/articles', async (req, res) => {
    const filters = parseInput(listQuerySchema, req.query, 'query');
    const { items, total } = await listOwnedArticles(deps.db, currentUser(req).id, filters);
    res.json({ items: items.map(presentArticle), total, limit: filters.limit, offset: filters.offset });
  });

  router.get('/articles/:id', async (req, res) => {
    const article = await ownedArticle(req);
    const answered = article.blob_keys.questions
      ? await findAnswers(deps.db, article.owner, article.id)
      : undefined;
    res.json({
      ...presentArticle(article),
      // Whether the learner did the comprehension questions, and how well; null when the article has none.
      questions: article.blob_keys.questions
        ? {
            answered: Boolean(answered),
            ...(answered ? { correct: answered.correct, total: answered.total } : {}),
          }
        : null,
      // Whether the article can be listened to; null when it has no narration.
      narration: article.blob_keys.audio ? { audio: `/articles/${article.id}/audio` } : null,
    });
  });

  /**
   * The published level evidence, with what this learner knows today: the share of the words within the band
   * they read or saved by them, and the words outside the band they have not saved.
   */
  const levelForReader = async (article: Article, level: ArticleLevel, markdown: string) => {
    const language = article.language as Language;
    const known = new Set(await savedForms(deps.db, article.owner, language));
    const { body } = splitArticleMarkdown(markdown);
    const today = checkText(body, language, article.level as CefrLevel, known);
    // A C2 reader's band has no end; the known share then counts the C1 band, and says so.
    const readBand = (article.level === 'C2' ? 'C1' : article.level) as Exclude<CefrLevel, 'C2'>;
    return {
      ...level,
      knownShare: today.measures.coverage[readBand],
      knownBand: LEVEL_BANDS[readBand],
      outOfBand: today.outOfBand.map((rare) => rare.word),
    };
  };

  /** A blob of a finished article: 409 while it is being generated, 410 if storage has lost it. */
  const finishedBlob = async (
    article: Article,
    name: 'article' | 'meta' | 'edits' | 'questions' | 'audio' | 'timings',
  ) => {
    const key = article.blob_keys[name];
    if (article.status !== 'completed' || !key) {
      throw new HttpError(
        409,
        'not_ready',
        `The article is not ready yet; its generation is ${article.status}`,
      );
    }
    try {
      return await deps.blobs.get(key);
    } catch (error) {
      if (error instanceof BlobNotFoundError)
        throw new HttpError(410, 'content_gone', 'The article text is no longer stored');
      throw error;
    }
  };

  router.get('/articles/:id/content', async (req, res) => {
    const article = await ownedArticle(req);
    res.type('text/markdown; charset=utf-8').send(await finishedBlob(article, 'article'));
  });

  router.get('/articles/:id/meta', async (req, res) => {
    const article = await ownedArticle(req);
    const meta = JSON.parse((await finishedBlob(article, 'meta')).toString('utf8'));
    const edits = JSON.parse((await finishedBlob(article, 'edits')).toString('utf8'));
    const level = meta.level
      ? await levelForReader(article, meta.level, (await finishedBlob(article, 'article')).toString('utf8'))
      : undefined;
    res.json({
      wordCount: meta.wordCount,
      models: meta.models,
      ...(meta.demo ? { demo: meta.demo } : {}),
      searchProvider: meta.searchProvider,
      edits,
      // The words due for review when the story was drafted that it uses; none before it kept them.
      dueWordsUsed: meta.dueWordsUsed ?? [],
      ...(level ? { level } : {}),
      ...(meta.narration ? { narration: meta.narration } : {}),
    });
  });

  /** The questions of a finished article, without their answers until the learner has answered. */
  const questionsOf = async (article: Article) => {
    if (article.status === 'completed' && !article.blob_keys.questions)
      throw new HttpError(404, 'no_questions', 'This article has no comprehension questions');
    return JSON.parse((await finishedBlob(article, 'questions')).toString('utf8')) as ComprehensionQuestion[];
  };

  router.get('/articles/:id/questions', async (req, res) => {
    const article = await ownedArticle(req);
    const questions = await questionsOf(article);
    const answered = await findAnswers(deps.db, article.owner, article.id);
    res.json({
      questions: questions.map(({ kind, question, options }) => ({ kind, question, options })),
      answered: answered ? { ...answered, results: scoreAnswers(questions, answered.answers).results } : null,
    });
  });

  router.post('/articles/:id/answers', async (req, res) => {
    const article = await ownedArticle(req);
    const { answers } = parseInput(answersSchema, req.body, 'body');
    const questions = await questionsOf(article);
    if (
      answers.length !== questions.length ||
      answers.some((a, i) => a >= (questions[i]?.options.length ?? 0))
    ) {
      throw new HttpError(400, 'invalid_input', 'answers must give one option index for each question', {
        fields: {
          answers: `give ${questions.length} answers, each the index of one of its question's options`,
        },
      });
    }
    const scored = scoreAnswers(questions, answers);
    await saveAnswers(deps.db, article.owner, article.id, {
      answers,
      correct: scored.correct,
      total: scored.total,
    });
    res.json(scored);
  });

  /** The narration of a finished article; 404 when it was published without one. */
  const narrationBlob = async (article: Article, name: 'audio' | 'timings') => {
    if (article.status === 'completed' && !article.blob_keys[name])
      throw new HttpError(404, 'no_narration', 'This article has no narration');
    return finishedBlob(article, name);
  };

  router.get('/articles/:id/audio', async (req, res) => {
    const article = await ownedArticle(req);
    sendAudio(req, res, await narrationBlob(article, 'audio'), article.blob_keys.audio as string);
  });

  router.get('/articles/:id/audio/timings', async (req, res) => {
    const article = await ownedArticle(req);
    res.type('application/json').send(await narrationBlob(article, 'timings'));
  });

  router.delete('/articles/:id', async (req, res) => {
    const article = await ownedArticle(req);
    if (article.status === 'queued' || article.status === 'running') await cancelArticle(deps, article);
    if (!(await softDeleteArticle(deps.db, article.owner, article.id)))
      throw notFound(`Article ${article.id}`);
    res.status(204).end();
  });

  router.post('/articles/:id/retry', deps.limits.generate, async (req, res) => {
    res.status(202).json(await retryArticle(deps, await ownedArticle(req)));
  });

  router.post('/articles/:id/cancel', async (req, res) => {
    res.status(202).json(await cancelArticle(deps, await ownedArticle(req)));
  });
  return router;
}
