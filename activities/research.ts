import { ApplicationFailure } from '@temporalio/common';
import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import type { SourceInfo } from './markdown';
import {
  buildRankMessages,
  type RankCandidate,
  RESEARCH_PROMPT_VERSION,
  rankReplySchema,
} from './prompts/research';
import { type ExtractedArticle, extractArticle } from './search/extract-article';
import type { NewsHit } from './search/news-search';
import { safeFetchText } from './search/safe-fetch';
import { runStage, type StageContext } from './stage-runner';

export const MIN_ARTICLE_WORDS = 200;
const PAGE_TIMEOUT_MS = 8_000;

export interface ResearchDocument {
  query: string;
  provider: string;
  candidates: Array<Omit<ExtractedArticle, 'text'>>;
  rejected: Array<{ url: string; reason: string }>;
  chosen: SourceInfo & { text: string; wordCount: number };
  rationale: string;
}

/** What the ranking prompt sees of a page: the page's own data first, the search result's as a fallback. */
export function rankCandidateOf(article: ExtractedArticle, hit: NewsHit): RankCandidate {
  return {
    title: article.title,
    outlet: article.outlet ?? hit.source,
    date: article.publishedAt ?? hit.date,
    wordCount: article.wordCount,
    excerpt: article.text.slice(0, 600),
  };
}

type Checked =
  | { ok: true; article: ExtractedArticle; hit: NewsHit }
  | { ok: false; url: string; reason: string };

async function checkCandidate(
  deps: ActivityDeps,
  hit: NewsHit,
  input: GenerateArticleInput,
  context: StageContext,
): Promise<Checked> {
  try {
    const page = await safeFetchText(hit.url, {
      allowPrivateNetworks: deps.research.allowPrivateNetworks,
      signal: AbortSignal.any([context.signal, AbortSignal.timeout(PAGE_TIMEOUT_MS)]),
    });
    if (!/html/i.test(page.contentType))
      return { ok: false, url: hit.url, reason: `not HTML (${page.contentType})` };
    const article = extractArticle(page.body, page.url, input.language);
    if (!article) return { ok: false, url: hit.url, reason: 'not an article' };
    if (article.wordCount < MIN_ARTICLE_WORDS) {
      return { ok: false, url: hit.url, reason: `only ${article.wordCount} words` };
    }
    return { ok: true, article, hit };
  } catch (error) {
    if (context.signal.aborted) throw error;
    // fetch wraps the real reason (a refused address, a reset) in its cause.
    const cause = (error as Error).cause as Error | undefined;
    return { ok: false, url: hit.url, reason: cause?.message ?? (error as Error).message };
  } finally {
    context.heartbeat();
  }
}

/** Finds recent news on the topic, keeps real articles of 200+ words, and lets the LLM pick the best one. */
export async function research(deps: ActivityDeps, input: GenerateArticleInput): Promise<StageResult> {
  const fingerprint = {
    prompt: RESEARCH_PROMPT_VERSION,
    language: input.language,
    level: input.level,
    length: input.length,
    topic: input.topic,
  };
  return runStage(deps, 'research', input, fingerprint, async (context) => {
    const hits = await deps.search.search(input.topic, {
      language: input.language,
      limit: deps.research.maxCandidates,
      signal: context.signal,
    });
    const checked = await Promise.all(hits.map((hit) => checkCandidate(deps, hit, input, context)));
    const usable = checked.filter((c): c is Extract<Checked, { ok: true }> => c.ok);
    const rejected = checked.filter((c): c is Extract<Checked, { ok: false }> => !c.ok);
    if (usable.length === 0) {
      throw ApplicationFailure.nonRetryable(
        `No news article about "${input.topic}" with at least ${MIN_ARTICLE_WORDS} words was found (${hits.length} results checked). Try a broader topic.`,
        'NoArticleFound',
      );
    }
    let choice = 0;
    let rationale = 'It was the only usable article.';
    let tokens = { prompt: 0, completion: 0 };
    let model: string | undefined;
    if (usable.length > 1) {
      const candidates = usable.map(({ article, hit }) => rankCandidateOf(article, hit));
      const reply = await deps.llm.chatJson(
        {
          operation: 'research',
          messages: buildRankMessages(input, candidates),
          signal: context.signal,
          onChunk: context.heartbeat,
          onUsage: context.recordLlmCall,
        },
        'research_choice',
        rankReplySchema,
      );
      // An index out of range falls back to the first candidate rather than trusting invented data.
      choice = reply.data.choice < usable.length ? reply.data.choice : 0;
      rationale = reply.data.rationale;
      tokens = reply.usage;
      model = reply.model;
    }
    const { article, hit } = usable[choice] as Extract<Checked, { ok: true }>;
    const document: ResearchDocument = {
      query: input.topic,
      provider: deps.search.name,
      candidates: usable.map(({ article: { text: _text, ...rest } }) => rest),
      rejected: rejected.map(({ url, reason }) => ({ url, reason })),
      chosen: {
        title: article.title,
        outlet: article.outlet ?? hit.source,
        url: article.url,
        date: article.publishedAt ?? hit.date,
        author: article.author,
        text: article.text,
        wordCount: article.wordCount,
      },
      rationale,
    };
    const key = `${context.dir}/research.json`;
    await deps.blobs.put(key, JSON.stringify(document, null, 2), 'application/json');
    return { keys: { research: key }, tokens, model, title: article.title, wordCount: article.wordCount };
  });
}
