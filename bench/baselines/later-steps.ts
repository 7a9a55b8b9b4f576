import { checkText, type LevelReport, publishedLevel } from '../../activities/level/check';
import { articleMarkdown, splitArticleMarkdown } from '../../activities/markdown';
import { recordNarration } from '../../activities/narration/record';
import { narrationScript, textSentences } from '../../activities/narration/script';
import { voiceFor } from '../../activities/narration/voices';
import {
  type AdaptReply,
  adaptReplySchema,
  buildRevisionMessages,
  levelFeedback,
} from '../../activities/prompts/adapt';
import {
  buildQuestionsMessages,
  questionCount,
  questionsReplySchema,
} from '../../activities/prompts/questions';
import type { ResearchDocument } from '../../activities/research';
import { countWords } from '../../activities/text';
import type { NarrationTimings } from '../../contracts/narration';
import type { GenerateArticleInput } from '../../workflows/input';
import { MAX_REVISIONS } from '../../workflows/types';
import { callName } from './llm';
import { blobKey, readArticleAt, readJsonAt, type StepDeps, type StepKeys } from './step-deps';

/** The baselines cancel nothing; opad hands narration its activity's cancellation signal here. */
const NEVER_CANCELLED = new AbortController().signal;

/**
 * opad's level stage (checkLevel, then reviseForLevel and checkLevel again while the text is too hard and passes
 * remain). opad counts the learner's saved words as known, read from Postgres; the baselines have no learners,
 * so they check with no known words and skip that query.
 */
export async function level(deps: StepDeps, input: GenerateArticleInput, keys: StepKeys): Promise<StepKeys> {
  const dir = `baseline/${input.articleId}`;
  let adapted = blobKey(keys, 'adapted');
  let edits = blobKey(keys, 'edits');
  const levelReports: string[] = [];
  for (let pass = 1; ; pass++) {
    const article = await readArticleAt(deps, adapted);
    const report = { pass, ...checkText(article.body, input.language, input.level, new Set()) };
    const reportKey = `${dir}/level-${pass}.json`;
    await deps.blobs.put(reportKey, JSON.stringify(report, null, 2), 'application/json');
    levelReports.push(reportKey);
    if (report.verdict !== 'too-hard' || pass > MAX_REVISIONS) break;
    ({ adapted, edits } = await revise(deps, input, { adapted, edits, level: reportKey, pass }));
  }
  return { ...keys, adapted, edits, levelReports };
}

/** opad's reviseForLevel: another adapt pass with what the check found too hard as the edit list. */
async function revise(
  deps: StepDeps,
  input: GenerateArticleInput,
  sources: { adapted: string; edits: string; level: string; pass: number },
): Promise<{ adapted: string; edits: string }> {
  const article = await readArticleAt(deps, sources.adapted);
  const report = await readJsonAt<LevelReport>(deps, sources.level);
  const feedback = levelFeedback(report);
  const reply = await deps.llm.chatJson(
    { operation: 'adapt', articleId: input.articleId, call: callName('level', sources.pass) },
    buildRevisionMessages(input, article, feedback),
    'adapted_article',
    adaptReplySchema,
  );
  const allEdits = [...(await readJsonAt<AdaptReply['edits']>(deps, sources.edits)), ...reply.edits];
  const dir = `baseline/${input.articleId}/revision-${sources.pass}`;
  const adapted = `${dir}/adapted.md`;
  const edits = `${dir}/edits.json`;
  await deps.blobs.put(`${dir}/feedback.json`, JSON.stringify(feedback, null, 2), 'application/json');
  await deps.blobs.put(edits, JSON.stringify(allEdits, null, 2), 'application/json');
  await deps.blobs.put(
    adapted,
    articleMarkdown(article.title, article.sourceBlock, reply.text),
    'text/markdown; charset=utf-8',
  );
  return { adapted, edits };
}

/** opad's writeQuestions: one LLM call for questions on the final text, each checked to be one whole sentence of it. */
export async function questions(
  deps: StepDeps,
  input: GenerateArticleInput,
  keys: StepKeys,
): Promise<StepKeys> {
  const article = await readArticleAt(deps, blobKey(keys, 'adapted'));
  const count = questionCount(countWords(article.body, input.language));
  const reply = await deps.llm.chatJson(
    { operation: 'questions', articleId: input.articleId, call: 'questions' },
    buildQuestionsMessages(input, article, count),
    'comprehension_questions',
    questionsReplySchema(textSentences(article.body, input.language), count),
  );
  const key = `baseline/${input.articleId}/questions.json`;
  await deps.blobs.put(key, JSON.stringify(reply.questions, null, 2), 'application/json');
  return { ...keys, questions: key };
}

/** opad's narrate: the final text spoken sentence by sentence with espeak-ng, encoded as Ogg Opus. */
export async function narration(
  deps: StepDeps,
  input: GenerateArticleInput,
  keys: StepKeys,
): Promise<StepKeys> {
  const voice = voiceFor(input.language, input.level);
  const sentences = narrationScript(await readArticleAt(deps, blobKey(keys, 'adapted')), input.language);
  const { audio, timings } = await recordNarration(deps.narration, sentences, voice, NEVER_CANCELLED);
  const audioKey = `baseline/${input.articleId}/narration.opus`;
  const timingsKey = `baseline/${input.articleId}/timings.json`;
  await deps.blobs.put(audioKey, audio, 'audio/ogg; codecs=opus');
  await deps.blobs.put(timingsKey, JSON.stringify(timings, null, 2), 'application/json');
  return { ...keys, audio: audioKey, timings: timingsKey };
}

/**
 * opad's upload: the article and its metadata (the level every pass measured, the questions, the narration's
 * summary). opad also lists the learner's saved words the text uses and marks the article row completed; the
 * baselines have neither learners nor rows.
 */
export async function upload(deps: StepDeps, input: GenerateArticleInput, keys: StepKeys): Promise<StepKeys> {
  const research = await readJsonAt<ResearchDocument>(deps, blobKey(keys, 'research'));
  const markdown = (await deps.blobs.get(blobKey(keys, 'adapted'))).toString('utf8');
  const { title, body } = splitArticleMarkdown(markdown);
  const { text: _text, wordCount: _sourceWords, ...source } = research.chosen;
  const reports = (keys.levelReports ?? []) as string[];
  const passes = await Promise.all(
    reports.map((key) => readJsonAt<LevelReport & { pass: number }>(deps, key)),
  );
  const questionList = await readJsonAt<unknown[]>(deps, blobKey(keys, 'questions'));
  const { engine, voice, duration, sentences } = await readJsonAt<NarrationTimings>(
    deps,
    blobKey(keys, 'timings'),
  );
  const article = `baseline/${input.articleId}/article.md`;
  const meta = `baseline/${input.articleId}/meta.json`;
  const document = {
    articleId: input.articleId,
    title,
    wordCount: countWords(body, input.language),
    source,
    searchProvider: research.provider,
    ...(passes.length ? { level: publishedLevel(passes) } : {}),
    questions: { count: questionList.length },
    narration: { engine, voice, duration, sentences: sentences.length },
    keys,
  };
  await deps.blobs.put(article, markdown, 'text/markdown; charset=utf-8');
  await deps.blobs.put(meta, JSON.stringify(document, null, 2), 'application/json');
  return { ...keys, article, meta };
}
