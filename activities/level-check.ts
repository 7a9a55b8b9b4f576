import { createHash } from 'node:crypto';
import { savedForms } from '../db/queries/vocabulary';
import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { checkText, type LevelReport } from './level/check';
import { CALIBRATION } from './level/estimate';
import { articleMarkdown } from './markdown';
import {
  type AdaptReply,
  adaptReplySchema,
  buildRevisionMessages,
  levelFeedback,
  REVISION_PROMPT_VERSION,
} from './prompts/adapt';
import { readArticle, readJson, runStage } from './stage-runner';
import { countWords } from './text';

/** Bumped when the check's measures change; a new calibration changes the fingerprint by itself. */
export const LEVEL_CHECK_VERSION = 'level-v1';
const CALIBRATION_HASH = createHash('sha256').update(JSON.stringify(CALIBRATION)).digest('hex').slice(0, 12);

/** Measures the text's level (no LLM); counts the learner's saved words as known. Stored as level.json. */
export async function checkLevel(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  sources: { adapted: string; pass: number },
): Promise<StageResult> {
  const fingerprint = {
    check: LEVEL_CHECK_VERSION,
    calibration: CALIBRATION_HASH,
    adapted: sources.adapted,
    level: input.level,
  };
  return runStage(deps, 'level', input, fingerprint, async (context) => {
    const article = await readArticle(deps, sources.adapted);
    const known = new Set(await savedForms(deps.db, input.owner, input.language));
    const report = { pass: sources.pass, ...checkText(article.body, input.language, input.level, known) };
    const key = `${context.dir}/level.json`;
    await deps.blobs.put(key, JSON.stringify(report, null, 2), 'application/json');
    return {
      keys: { level: key },
      tokens: { prompt: 0, completion: 0 },
      levelPass: { pass: sources.pass, level: report.measured, score: report.score, verdict: report.verdict },
    };
  });
}

/** Another adapt pass on a text the check found too hard, with the words and sentences it found as the edit list. */
export async function reviseForLevel(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  sources: { adapted: string; edits: string; level: string },
): Promise<StageResult> {
  const fingerprint = { prompt: REVISION_PROMPT_VERSION, adapted: sources.adapted, level: sources.level };
  return runStage(deps, 'level', input, fingerprint, async (context) => {
    const article = await readArticle(deps, sources.adapted);
    const report = await readJson<LevelReport>(deps, sources.level);
    const feedback = levelFeedback(report);
    const reply = await deps.llm.chatJson(
      {
        operation: 'adapt',
        messages: buildRevisionMessages(input, article, feedback),
        ...context.llmCall,
      },
      'adapted_article',
      adaptReplySchema,
    );
    const edits = [...(await readJson<AdaptReply['edits']>(deps, sources.edits)), ...reply.data.edits];
    const adaptedKey = `${context.dir}/adapted.md`;
    const editsKey = `${context.dir}/edits.json`;
    const feedbackKey = `${context.dir}/feedback.json`;
    await deps.blobs.put(feedbackKey, JSON.stringify(feedback, null, 2), 'application/json');
    await deps.blobs.put(editsKey, JSON.stringify(edits, null, 2), 'application/json');
    await deps.blobs.put(
      adaptedKey,
      articleMarkdown(article.title, article.sourceBlock, reply.data.text),
      'text/markdown; charset=utf-8',
    );
    return {
      keys: { adapted: adaptedKey, edits: editsKey, feedback: feedbackKey },
      tokens: reply.usage,
      model: reply.model,
      title: article.title,
      wordCount: countWords(reply.data.text, input.language),
    };
  });
}
