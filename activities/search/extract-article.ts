import os from 'node:os';
import path from 'node:path';
import Piscina from 'piscina';
import { countWords } from '../text';

export interface ExtractedArticle {
  url: string;
  title: string;
  text: string;
  wordCount: number;
  author?: string;
  publishedAt?: string;
  outlet?: string;
}

/** What readable-page.cjs sends back from its thread. */
export interface ReadablePage {
  title?: string | null;
  textContent: string;
  byline?: string | null;
  publishedTime?: string | null;
  siteName?: string | null;
  metaAuthor?: string;
  metaPublished?: string;
}

let pool: Piscina | undefined;

/**
 * Threads start on first use and end after a minute idle, so a worker that researches nothing holds none, and
 * none keeps a finished process alive. One core stays for the main thread.
 */
function extractionPool(): Piscina {
  pool ??= new Piscina({
    filename: path.join(__dirname, 'readable-page.cjs'),
    minThreads: 0,
    maxThreads: Math.max(1, os.availableParallelism() - 1),
    idleTimeout: 60_000,
  });
  return pool;
}

const trimmed = (value: string | null | undefined) => value?.trim() || undefined;

/**
 * How long one page may take to parse and read. A news page of a few hundred kB takes well under a second and
 * the largest page research accepts (3 MB) a few seconds on a busy machine; a hostile one (tens of thousands of
 * nested elements) would hold a thread for minutes. The limit also counts the wait for a free thread (the pool has
 * one per core but one), which on a busy worker with many generations researching at once takes seconds; research
 * treats a page that ran out of time as unreachable for now, so a busy worker retries rather than failing.
 */
export const EXTRACTION_TIMEOUT_MS = 15_000;

/** A page that took longer than EXTRACTION_TIMEOUT_MS to read: research skips it like any unreadable page. */
export class ExtractionTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`reading the page took longer than ${timeoutMs / 1000} s`);
    this.name = 'ExtractionTimeoutError';
  }
}

/**
 * The readable text of a news page, or null when the page is not an article. Parsed off the event loop, in a
 * pool thread that is ended when the page takes too long (Piscina terminates a thread whose task is aborted)
 * or when `signal` (the activity's cancellation) fires.
 */
export async function extractArticle(
  html: string,
  url: string,
  language: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ExtractedArticle | null> {
  const timeoutMs = options.timeoutMs ?? EXTRACTION_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    return articleFromPage(await extractionPool().run({ html }, { signal }), url, language);
  } catch (error) {
    if (timeout.aborted && !options.signal?.aborted) throw new ExtractionTimeoutError(timeoutMs);
    throw error;
  }
}

/** What research stores of Readability's view of a page: its text with the page's blank runs collapsed. */
export function articleFromPage(
  page: ReadablePage | null,
  url: string,
  language: string,
): ExtractedArticle | null {
  if (!page) return null;
  const text = page.textContent
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
  return {
    url,
    title: trimmed(page.title) ?? url,
    text,
    wordCount: countWords(text, language),
    author: trimmed(page.byline) ?? page.metaAuthor,
    publishedAt: trimmed(page.publishedTime) ?? page.metaPublished,
    outlet: trimmed(page.siteName),
  };
}
