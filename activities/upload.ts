import { ApplicationFailure } from '@temporalio/common';
import { DEMO_MODEL, DEMO_MODEL_NOTE } from '../contracts/demo';
import type { NarrationTimings } from '../contracts/narration';
import { markArticleCompleted } from '../db/queries/articles';
import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { type LevelReport, publishedLevel } from './level/check';
import { splitArticleMarkdown } from './markdown';
import type { ResearchDocument } from './research';
import { currentWorkflow, readJson, runStage } from './stage-runner';
import { BlobNotFoundError } from './storage';
import { countWords, dueKeyOf, lemmasUsed } from './text';

export interface UploadSources {
  research: string;
  adapted: string;
  edits: string;
  /** The learner's lemmas offered to the draft; absent in runs recorded before vocabulary was tracked. */
  vocabulary?: string;
  /** The model behind each stage, so every article says what wrote it (the offline demo model included). */
  models?: Record<string, string | undefined>;
  /** Each run of the level check, in order; absent in runs from before the check. */
  levelReports?: string[];
  /** The comprehension questions, when they were written. */
  questions?: string;
  /** Why there are none, when writing them failed. */
  questionsSkipped?: string;
  /** The narration's audio and sentence timings, when it was recorded. */
  narration?: { audio: string; timings: string };
  /** Why there is no audio, when narration failed. */
  narrationSkipped?: string;
}

/** Publishes the final article and its metadata, then marks the article completed. Safe to repeat. */
export async function upload(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  sources: UploadSources,
): Promise<StageResult> {
  return runStage(deps, 'upload', input, { ...sources }, async () => {
    const research = await readJson<ResearchDocument>(deps, sources.research);
    const markdown = (await deps.blobs.get(sources.adapted)).toString('utf8');
    const { title, body } = splitArticleMarkdown(markdown);
    const wordCount = countWords(body, input.language);
    const offered = sources.vocabulary ? await readJson<string[]>(deps, sources.vocabulary) : [];
    const vocabularyUsed = lemmasUsed(body, offered, input.language);
    const dueWordsUsed = lemmasUsed(body, await dueOffered(deps, sources.vocabulary), input.language);
    const { text: _text, wordCount: _sourceWords, ...source } = research.chosen;
    const level = sources.levelReports?.length
      ? publishedLevel(
          await Promise.all(
            sources.levelReports.map((key) => readJson<LevelReport & { pass: number }>(deps, key)),
          ),
        )
      : undefined;
    const articleKey = `articles/${input.articleId}/article.md`;
    const metaKey = `articles/${input.articleId}/meta.json`;
    const blobKeys = {
      article: articleKey,
      meta: metaKey,
      edits: sources.edits,
      research: sources.research,
      ...(sources.questions ? { questions: sources.questions } : {}),
      ...(sources.narration ?? {}),
    };
    const meta = {
      articleId: input.articleId,
      title,
      language: input.language,
      level: input.level,
      length: input.length,
      topic: input.topic,
      wordCount,
      source,
      searchProvider: research.provider,
      models: sources.models ?? {},
      ...(Object.values(sources.models ?? {}).includes(DEMO_MODEL) ? { demo: DEMO_MODEL_NOTE } : {}),
      vocabularyUsed,
      dueWordsUsed,
      ...(level ? { level } : {}),
      ...(sources.questions ? { questions: { count: await questionCountOf(deps, sources.questions) } } : {}),
      ...(sources.questionsSkipped ? { questions: { count: 0, skipped: sources.questionsSkipped } } : {}),
      ...(sources.narration ? { narration: await narrationSummary(deps, sources.narration.timings) } : {}),
      ...(sources.narrationSkipped ? { narration: { skipped: sources.narrationSkipped } } : {}),
      keys: blobKeys,
    };
    await deps.blobs.put(articleKey, markdown, 'text/markdown; charset=utf-8');
    await deps.blobs.put(metaKey, JSON.stringify(meta, null, 2), 'application/json');
    if (
      !(await markArticleCompleted(
        deps.db,
        { articleId: input.articleId, runId: currentWorkflow().runId },
        {
          title,
          source,
          blobKeys,
          vocabularyUsed,
          ...(level ? { level } : {}),
        },
      ))
    ) {
      throw ApplicationFailure.nonRetryable(
        `Article ${input.articleId} is no longer this run's: it was deleted or handed to another run`,
        'ArticleMissing',
      );
    }
    return {
      keys: { article: articleKey, meta: metaKey },
      tokens: { prompt: 0, completion: 0 },
      title,
      wordCount,
    };
  });
}

async function narrationSummary(deps: ActivityDeps, key: string) {
  const { engine, voice, duration, sentences } = await readJson<NarrationTimings>(deps, key);
  return { engine, voice, duration, sentences: sentences.length };
}

async function questionCountOf(deps: ActivityDeps, key: string): Promise<number> {
  return (await readJson<unknown[]>(deps, key)).length;
}

/** The due words draft offered; none for drafts written before it kept them. */
async function dueOffered(deps: ActivityDeps, vocabularyKey: string | undefined): Promise<string[]> {
  if (!vocabularyKey) return [];
  try {
    return await readJson<string[]>(deps, dueKeyOf(vocabularyKey));
  } catch (error) {
    if (error instanceof BlobNotFoundError) return [];
    throw error;
  }
}
