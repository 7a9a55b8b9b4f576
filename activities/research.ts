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
import { type ExtractedArticle, ExtractionTimeoutError, extractArticle } from './search/extract-article';
import type { NewsHit } from './search/news-search';
import { BlockedAddressError, PageStatusError, safeFetchText } from './search/safe-fetch';
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

/** A fetched page that reads as an article, with the search result that led to it. */
export interface UsablePage {
  article: ExtractedArticle;
  hit: NewsHit;
}

/** A page that could not be read at all (`unreachable`) says nothing about the news; one that was read and refused does. */
type Checked =
  | ({ ok: true } & UsablePage)
  | { ok: false; url: string; reason: string; unreachable?: boolean };

/**
 * What research stores: every usable page without its text, the rejected ones, and the chosen page with its
 * text. A choice out of range falls back to the first page rather than trusting invented data.
 */
export function researchDocument(parts: {
  topic: string;
  provider: string;
  usable: UsablePage[];
  choice: number;
  rejected: Array<{ url: string; reason: string }>;
  rationale: string;
}): ResearchDocument {
  const { article, hit } = parts.usable[parts.choice < parts.usable.length ? parts.choice : 0] as UsablePage;
  return {
    query: parts.topic,
    provider: parts.provider,
    candidates: parts.usable.map(({ article: { text: _text, ...rest } }) => rest),
    rejected: parts.rejected,
    chosen: {
      title: article.title,
      outlet: article.outlet ?? hit.source,
      url: article.url,
      date: article.publishedAt ?? hit.date,
      author: article.author,
      text: article.text,
      wordCount: article.wordCount,
    },
    rationale: parts.rationale,
  };
}

/** A time-out, a refused or reset connection, a 5xx or 429: the page may well be readable later. */
function isTransient(error: Error): boolean {
  const cause = error.cause as (Error & { code?: string }) | undefined;
  if (error instanceof BlockedAddressError || cause instanceof BlockedAddressError) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  // The reading's time limit counts the wait for a free extraction thread too: a busy worker, not a bad page.
  if (error instanceof ExtractionTimeoutError) return true;
  if (cause?.code && /^(ECONN|ETIMEDOUT|EAI_AGAIN|UND_ERR)/.test(cause.code)) return true;
  return error instanceof PageStatusError && (error.status >= 500 || error.status === 429);
}

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
    const article = await extractArticle(page.body, page.url, input.language, { signal: context.signal });
    if (!article) return { ok: false, url: hit.url, reason: 'not an article' };
    if (article.wordCount < MIN_ARTICLE_WORDS) {
      return { ok: false, url: hit.url, reason: `only ${article.wordCount} words` };
    }
    return { ok: true, article, hit };
  } catch (error) {
    if (context.signal.aborted) throw error;
    // fetch wraps the real reason (a refused address, a reset) in its cause.
    const cause = (error as Error).cause as Error | undefined;
    return {
      ok: false,
      url: hit.url,
      reason: cause?.message ?? (error as Error).message,
      unreachable: isTransient(error as Error),
    };
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
    if (usable.length === 0 && rejected.length > 0 && rejected.every((page) => page.unreachable)) {
      // Every page timed out or failed to connect: an outage (or a busy worker), not an answer about the topic.
      throw ApplicationFailure.create({
        message: `None of the ${rejected.length} news pages about "${input.topic}" could be read (${rejected[0]?.reason}); trying again.`,
        type: 'NewsPagesUnreachable',
      });
    }
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
          ...context.llmCall,
        },
        'research_choice',
        rankReplySchema,
      );
      choice = reply.data.choice;
      rationale = reply.data.rationale;
      tokens = reply.usage;
      model = reply.model;
    }
    const document = researchDocument({
      topic: input.topic,
      provider: deps.search.name,
      usable,
      choice,
      rejected: rejected.map(({ url, reason }) => ({ url, reason })),
      rationale,
    });
    const key = `${context.dir}/research.json`;
    await deps.blobs.put(key, JSON.stringify(document, null, 2), 'application/json');
    const { title, wordCount } = document.chosen;
    return { keys: { research: key }, tokens, model, title, wordCount };
  });
}
