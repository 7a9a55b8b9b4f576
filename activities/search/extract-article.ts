import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
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

function meta(document: Document, selector: string): string | undefined {
  return document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
}

/**
 * The readable text of a news page, or null when the page is not an article. linkedom builds the DOM: it runs no
 * scripts and loads nothing, and it is several times cheaper than jsdom, whose parse held the worker's event loop
 * (and so its workflow tasks and queries) for about 65 ms a page; Readability reads the same text from both.
 */
export function extractArticle(html: string, url: string, language: string): ExtractedArticle | null {
  const { document } = parseHTML(html) as unknown as { document: Document };
  if (!isProbablyReaderable(document)) return null;
  const author = meta(document, 'meta[name="author"]');
  const publishedAt =
    meta(document, 'meta[property="article:published_time"]') ?? meta(document, 'meta[name="date"]');
  const parsed = new Readability(document).parse();
  if (!parsed?.textContent) return null;
  const text = parsed.textContent
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
  return {
    url,
    title: parsed.title?.trim() || url,
    text,
    wordCount: countWords(text, language),
    author: parsed.byline?.trim() || author,
    publishedAt: parsed.publishedTime?.trim() || publishedAt,
    outlet: parsed.siteName?.trim() || undefined,
  };
}
