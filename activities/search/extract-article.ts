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

/** The readable text of a news page, or null when the page is not an article. Parsed off the event loop. */
export async function extractArticle(
  html: string,
  url: string,
  language: string,
): Promise<ExtractedArticle | null> {
  return articleFromPage(await extractionPool().run({ html }), url, language);
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
