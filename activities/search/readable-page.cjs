// Runs in a worker thread of the extraction pool (extract-article.ts): parsing a page with jsdom takes about
// 20 ms of CPU, which on the main thread would delay workflow tasks, queries and heartbeats. Plain CommonJS,
// so that Node loads it in a thread without the TypeScript loader the main thread runs under.
const { isProbablyReaderable, Readability } = require('@mozilla/readability');
const { JSDOM, VirtualConsole } = require('jsdom');

function meta(document, selector) {
  return document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
}

/** Readability's view of a page, or null when the page is not an article. */
module.exports = function readablePage({ html, url }) {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    const document = dom.window.document;
    if (!isProbablyReaderable(document)) return null;
    const parsed = new Readability(document).parse();
    if (!parsed?.textContent) return null;
    return {
      title: parsed.title,
      textContent: parsed.textContent,
      byline: parsed.byline,
      publishedTime: parsed.publishedTime,
      siteName: parsed.siteName,
      metaAuthor: meta(document, 'meta[name="author"]'),
      metaPublished:
        meta(document, 'meta[property="article:published_time"]') ?? meta(document, 'meta[name="date"]'),
    };
  } finally {
    dom.window.close();
  }
};
