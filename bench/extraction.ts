import { isDeepStrictEqual } from 'node:util';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { articleFromPage, extractArticle, type ReadablePage } from '../activities/search/extract-article';
import { startFakeNews } from '../test/fixtures/fake-news';
import { writeBenchSection } from './doc-section';

// The thread module's own function, so both DOMs feed exactly the Readability step research runs.
const { readableDocument } = require('../activities/search/readable-page.cjs') as {
  readableDocument: (document: unknown) => ReadablePage | null;
};

/**
 * `npm run bench:extraction`: research's article extraction on the pages of the tests' news site, with jsdom
 * (what research used before issue 14) and linkedom (what it uses now). Checks that Readability gives the same
 * result from both, page by page, and measures CPU and wall time per page on one thread, then through the pool
 * research calls. Prints and writes the figures; never fails on one.
 */
const BEGIN = '<!-- extraction:begin (written by `npm run bench:extraction`; edit outside these markers) -->';
const END = '<!-- extraction:end -->';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

type Page = { name: string; url: string; html: string };

const parsers = {
  jsdom: (page: Page) => {
    const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
    try {
      return readableDocument(dom.window.document);
    } finally {
      dom.window.close();
    }
  },
  linkedom: (page: Page) => readableDocument(parseHTML(page.html).document),
};

async function newsPages(): Promise<Page[]> {
  const news = await startFakeNews();
  try {
    const response = await fetch(`${news.baseUrl}/news`, {
      method: 'POST',
      headers: { 'x-api-key': news.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ q: 'energy', num: 20 }),
    });
    const { news: items } = (await response.json()) as { news: Array<{ link: string }> };
    const pages: Page[] = [];
    for (const { link } of items) {
      const html = await (await fetch(link)).text();
      pages.push({ name: new URL(link).pathname.split('/').pop() ?? link, url: link, html });
    }
    // A long page, as the pool test uses: the solar-farms article's body twenty times over (about 200 kB).
    const first = pages.find((page) => page.name === 'solar-farms') ?? (pages[0] as Page);
    const body = first.html.match(/<body[^>]*>([\s\S]*)<\/body>/)?.[1] ?? '';
    pages.push({
      name: `${first.name} ×20`,
      url: first.url,
      html: first.html.replace(body, body.repeat(20)),
    });
    return pages;
  } finally {
    await news.close();
  }
}

/** CPU and wall milliseconds per call of `work`, over ROUNDS rounds after one warm-up round. */
async function perCall(work: () => unknown): Promise<{ cpuMs: number; wallMs: number }> {
  await work();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (let i = 0; i < ROUNDS; i++) await work();
  const cpu = process.cpuUsage(cpuBefore);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    cpuMs: round((cpu.user + cpu.system) / 1000 / ROUNDS),
    wallMs: round((performance.now() - wallBefore) / ROUNDS),
  };
}

(async () => {
  const pages = await newsPages();
  const rows = [];
  for (const page of pages) {
    const stored = (parse: (page: Page) => ReadablePage | null) =>
      articleFromPage(parse(page), page.url, 'en');
    const same = isDeepStrictEqual(stored(parsers.jsdom), stored(parsers.linkedom));
    const jsdom = await perCall(() => parsers.jsdom(page));
    const linkedom = await perCall(() => parsers.linkedom(page));
    // process.cpuUsage counts every thread of the process, so this is the pool's CPU as well as the caller's.
    const pool = await perCall(() => extractArticle(page.html, page.url, 'en'));
    rows.push({ page: page.name, kB: Math.round(page.html.length / 1024), same, jsdom, linkedom, pool });
    console.log(
      `${page.name}: same ${same}; jsdom ${jsdom.cpuMs} ms CPU, linkedom ${linkedom.cpuMs} ms, pool ${pool.cpuMs} ms`,
    );
  }
  const body = [
    '## Article extraction (`npm run bench:extraction`)',
    '',
    `Readability on each page of the tests' news site, built by jsdom (before issue 14) and by linkedom (now), ` +
      `${ROUNDS} rounds a page on one thread; "pool" is research's own call (linkedom in the extraction thread ` +
      'pool), CPU of every thread. "same" compares what research stores from each: readable or not, title, ' +
      'author, outlet, date and text.',
    '',
    '| page | kB | same | jsdom CPU ms | linkedom CPU ms | jsdom wall ms | linkedom wall ms | pool CPU ms | pool wall ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.page} | ${r.kB} | ${r.same ? 'yes' : '**no**'} | ${r.jsdom.cpuMs} | ${r.linkedom.cpuMs} | ` +
        `${r.jsdom.wallMs} | ${r.linkedom.wallMs} | ${r.pool.cpuMs} | ${r.pool.wallMs} |`,
    ),
  ].join('\n');
  console.log(body);
  writeBenchSection('extraction', { begin: BEGIN, end: END }, body, { rounds: ROUNDS, rows });
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
