import { articleMarkdown } from '../../activities/markdown';
import { adaptReplySchema, buildAdaptMessages } from '../../activities/prompts/adapt';
import { buildDraftMessages, parseDraftReply } from '../../activities/prompts/draft';
import { buildRankMessages, rankReplySchema } from '../../activities/prompts/research';
import { type ResearchDocument, rankCandidateOf, researchDocument } from '../../activities/research';
import { extractArticle } from '../../activities/search/extract-article';
import { safeFetchText } from '../../activities/search/safe-fetch';
import type { GenerateArticleInput } from '../../workflows/input';
import { STAGES, type StageName } from '../../workflows/types';
import { level, narration, questions, upload } from './later-steps';
import { blobKey, readArticleAt, readJsonAt, type StepDeps, type StepKeys } from './step-deps';

/**
 * The seven steps of an article as the baselines run them, in this order: opad's stages, as its workflow runs
 * them today. Each does the same search, page fetches, text extraction, level check, prompts, LLM calls,
 * narration and blob writes as opad's activity, with none of opad's bookkeeping (no Postgres rows, no usage
 * ledger, no stored manifest to resume from). Only the orchestration around them differs. research, draft and
 * adapt are here; level, questions, narration and upload in later-steps.ts.
 */
export const PIPELINE_STAGES = STAGES;

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
    { operation: 'research', articleId: input.articleId, call: 'research' },
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
  const research = await readJsonAt<ResearchDocument>(deps, blobKey(keys, 'research'));
  const text = await deps.llm.chat(
    { operation: 'draft', articleId: input.articleId, call: 'draft' },
    buildDraftMessages(input, research.chosen, []),
  );
  const { title, body } = parseDraftReply(text, research.chosen.title);
  const key = `baseline/${input.articleId}/draft.md`;
  await deps.blobs.put(key, articleMarkdown(title, research.chosen, body), 'text/markdown; charset=utf-8');
  return { ...keys, draft: key };
}

async function adapt(deps: StepDeps, input: GenerateArticleInput, keys: StepKeys): Promise<StepKeys> {
  const draftDoc = await readArticleAt(deps, blobKey(keys, 'draft'));
  const reply = await deps.llm.chatJson(
    { operation: 'adapt', articleId: input.articleId, call: 'adapt' },
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

const STEPS: Record<
  StageName,
  (deps: StepDeps, input: GenerateArticleInput, keys: StepKeys) => Promise<StepKeys>
> = {
  research: (deps, input) => research(deps, input),
  draft,
  adapt,
  level,
  questions,
  narration,
  upload,
};

export function runStep(
  stage: StageName,
  deps: StepDeps,
  input: GenerateArticleInput,
  keys: StepKeys,
): Promise<StepKeys> {
  return STEPS[stage](deps, input, keys);
}
