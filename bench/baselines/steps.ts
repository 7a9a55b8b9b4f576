import { articleMarkdown, splitArticleMarkdown } from '../../activities/markdown';
import { adaptReplySchema, buildAdaptMessages } from '../../activities/prompts/adapt';
import { buildDraftMessages, parseDraftReply } from '../../activities/prompts/draft';
import { buildRankMessages, rankReplySchema } from '../../activities/prompts/research';
import { type ResearchDocument, rankCandidateOf, researchDocument } from '../../activities/research';
import { extractArticle } from '../../activities/search/extract-article';
import { SerperNewsSearch } from '../../activities/search/news-search';
import { safeFetchText } from '../../activities/search/safe-fetch';
import { type BlobStore, openBlobStore } from '../../activities/storage';
import type { GenerateArticleInput } from '../../workflows/input';
import type { StageName } from '../../workflows/types';
import { BaselineLlm } from './llm';

/**
 * The four steps of an article as the baselines run them: the same search, page fetches, text extraction,
 * prompts, LLM calls and blob writes as opad's activities, with none of opad's bookkeeping (no Postgres rows,
 * no usage ledger, no stored manifest to resume from). Only the orchestration around them differs.
 */
export interface StepDeps {
  llm: BaselineLlm;
  search: SerperNewsSearch;
  blobs: BlobStore;
  maxCandidates: number;
}

/** Blob keys produced so far; each step adds its own and passes the lot on. */
export type StepKeys = Record<string, string>;

export async function stepDepsFromEnv(): Promise<StepDeps> {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  return {
    llm: new BaselineLlm({ apiKey: need('OPENAI_API_KEY'), baseUrl: need('OPENAI_BASE_URL') }),
    search: new SerperNewsSearch({ apiKey: need('SERPER_API_KEY'), baseUrl: need('SERPER_BASE_URL') }),
    blobs: await openBlobStore({ backend: 'fs', dir: need('BLOB_DIR') }),
    maxCandidates: Number(process.env.RESEARCH_MAX_CANDIDATES ?? 6),
  };
}

async function research(deps: StepDeps, input: GenerateArticleInput): Promise<StepKeys> {
  const hits = await deps.search.search(input.topic, { language: input.language, limit: deps.maxCandidates });
  const checked = await Promise.all(
    hits.map(async (hit) => {
      try {
        const page = await safeFetchText(hit.url, { allowPrivateNetworks: true });
        const article = await extractArticle(page.body, page.url, input.language);
        return article && article.wordCount >= 200 ? { article, hit } : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  const usable = checked.filter((c): c is NonNullable<typeof c> => c !== undefined);
  if (usable.length === 0) throw new Error('no usable article');
  const candidates = usable.map(({ article, hit }) => rankCandidateOf(article, hit));
  const reply = await deps.llm.chatJson(
    'research',
    input.articleId,
    buildRankMessages(input, candidates),
    'research_choice',
    rankReplySchema,
  );
  const document = researchDocument({
    topic: input.topic,
    provider: deps.search.name,
    usable,
    choice: reply.choice,
    rejected: [],
    rationale: reply.rationale,
  });
  const key = `baseline/${input.articleId}/research.json`;
  await deps.blobs.put(key, JSON.stringify(document, null, 2), 'application/json');
  return { research: key };
}

async function draft(deps: StepDeps, input: GenerateArticleInput, keys: StepKeys): Promise<StepKeys> {
  const research = JSON.parse(
    (await deps.blobs.get(keys.research as string)).toString('utf8'),
  ) as ResearchDocument;
  const text = await deps.llm.chat('draft', input.articleId, buildDraftMessages(input, research.chosen, []));
  const { title, body } = parseDraftReply(text, research.chosen.title);
  const key = `baseline/${input.articleId}/draft.md`;
  await deps.blobs.put(key, articleMarkdown(title, research.chosen, body), 'text/markdown; charset=utf-8');
  return { ...keys, draft: key };
}

async function adapt(deps: StepDeps, input: GenerateArticleInput, keys: StepKeys): Promise<StepKeys> {
  const draftDoc = splitArticleMarkdown((await deps.blobs.get(keys.draft as string)).toString('utf8'));
  const reply = await deps.llm.chatJson(
    'adapt',
    input.articleId,
    buildAdaptMessages(input, draftDoc),
    'adapted_article',
    adaptReplySchema,
  );
  const adapted = `baseline/${input.articleId}/adapted.md`;
  const edits = `baseline/${input.articleId}/edits.json`;
  await deps.blobs.put(edits, JSON.stringify(reply.edits, null, 2), 'application/json');
  await deps.blobs.put(
    adapted,
    articleMarkdown(draftDoc.title, draftDoc.sourceBlock, reply.text),
    'text/markdown; charset=utf-8',
  );
  return { ...keys, adapted, edits };
}

async function upload(deps: StepDeps, input: GenerateArticleInput, keys: StepKeys): Promise<StepKeys> {
  const research = JSON.parse(
    (await deps.blobs.get(keys.research as string)).toString('utf8'),
  ) as ResearchDocument;
  const markdown = (await deps.blobs.get(keys.adapted as string)).toString('utf8');
  const { title } = splitArticleMarkdown(markdown);
  const { text: _text, ...source } = research.chosen;
  const article = `baseline/${input.articleId}/article.md`;
  const meta = `baseline/${input.articleId}/meta.json`;
  await deps.blobs.put(article, markdown, 'text/markdown; charset=utf-8');
  await deps.blobs.put(meta, JSON.stringify({ articleId: input.articleId, title, source, keys }, null, 2));
  return { ...keys, article, meta };
}

/**
 * The baselines run the pipeline as it was before the level check and the questions. opad's figures include its
 * level stage (a blob read, a saved-words query, a report and a manifest written) and its questions stage (one
 * more LLM call), so opad does that much more work per article.
 */
export type PipelineStage = Exclude<StageName, 'level' | 'questions' | 'narration'>;

const STEPS: Record<
  PipelineStage,
  (deps: StepDeps, input: GenerateArticleInput, keys: StepKeys) => Promise<StepKeys>
> = {
  research: (deps, input) => research(deps, input),
  draft,
  adapt,
  upload,
};

export function runStep(
  stage: PipelineStage,
  deps: StepDeps,
  input: GenerateArticleInput,
  keys: StepKeys,
): Promise<StepKeys> {
  return STEPS[stage](deps, input, keys);
}
