// Runs in a worker thread of the extraction pool (extract-article.ts), so that parsing a page never delays the
// worker's workflow tasks, queries and heartbeats. Plain CommonJS, so that Node loads it in a thread without the
// TypeScript loader the main thread runs under. linkedom builds the DOM: like jsdom as we used it, it runs no
// scripts and loads nothing, and Readability reads the same article from it at a sixth of the CPU
// (npm run bench:extraction; decision record 016).
const { isProbablyReaderable, Readability } = require('@mozilla/readability');
const { parseHTML } = require('linkedom');

function meta(document, selector) {
  return document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
}

/** Readability's view of a parsed page, or null when the page is not an article. */
function readableDocument(document) {
  if (!isProbablyReaderable(document)) return null;
  // Read before Readability, which rewrites the document as it goes.
  const metaAuthor = meta(document, 'meta[name="author"]');
  const metaPublished =
    meta(document, 'meta[property="article:published_time"]') ?? meta(document, 'meta[name="date"]');
  const parsed = new Readability(document).parse();
  if (!parsed?.textContent) return null;
  return {
    title: parsed.title,
    textContent: parsed.textContent,
    byline: parsed.byline,
    publishedTime: parsed.publishedTime,
    siteName: parsed.siteName,
    metaAuthor,
    metaPublished,
  };
}

/** The pool's task: one page's HTML in, Readability's view out. */
module.exports = function readablePage({ html }) {
  return readableDocument(parseHTML(html).document);
};
module.exports.readableDocument = readableDocument;
