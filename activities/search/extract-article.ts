import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
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

/** The readable text of a news page, or null when the page is not an article. */
export function extractArticle(html: string, url: string, language: string): ExtractedArticle | null {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    const document = dom.window.document;
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
  } finally {
    dom.window.close();
  }
}
