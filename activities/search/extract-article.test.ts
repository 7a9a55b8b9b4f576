import { type FakeNews, startFakeNews } from '../../test/fixtures/fake-news';
import { EXTRACTION_TIMEOUT_MS, ExtractionTimeoutError, extractArticle } from './extract-article';

describe('extractArticle on the fake news site', () => {
  let news: FakeNews;

  async function page(slug: string): Promise<{ html: string; url: string }> {
    const url = news.pageUrl(slug);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return { html: await response.text(), url };
  }

  beforeAll(async () => {
    news = await startFakeNews();
  });
  afterAll(() => news.close());

  test('a section index is not an article', async () => {
    const { html, url } = await page('index');
    const article = await extractArticle(html, url, 'en');
    if (article !== null) expect(article.wordCount).toBeLessThan(200);
  });

  test('a short brief is found but has fewer than 200 words', async () => {
    const { html, url } = await page('short');
    const article = await extractArticle(html, url, 'en');
    expect(article).not.toBeNull();
    expect(article?.wordCount).toBeGreaterThan(0);
    expect(article?.wordCount).toBeLessThan(200);
  });

  test('a full article yields its headline, author, date, outlet and text', async () => {
    const { html, url } = await page('solar-farms');
    const article = await extractArticle(html, url, 'en');
    expect(article).not.toBeNull();
    if (!article) return;
    expect(article.url).toBe(url);
    expect(article.title).toBe('Millbrook Builds Three Community Solar Farms to Cut Household Bills');
    expect(article.author).toBe('Hannah Okafor');
    expect(article.publishedAt).toBe('2026-11-20T08:00:00Z');
    expect(article.outlet).toBe('The Daily Local');
    expect(article.wordCount).toBeGreaterThanOrEqual(300);
    expect(article.text).toContain(
      'The town of Millbrook has finished building the first of three community solar farms',
    );
    expect(article.text).not.toContain('All rights reserved');
    expect(article.text).not.toMatch(/\n\s*\n\s*\n/);
  });

  test('returns null for a page with no readable content', async () => {
    await expect(
      extractArticle('<html><head><title>Empty</title></head><body></body></html>', 'http://x.test/', 'en'),
    ).resolves.toBeNull();
  });

  test('parses off the event loop: the main thread keeps turning while a large page is parsed', async () => {
    const { html, url } = await page('solar-farms');
    // About 200 kB: the same article 20 times over, long enough to parse that the loop can be seen turning.
    const body = html.match(/<body[^>]*>([\s\S]*)<\/body>/)?.[1] ?? '';
    const large = html.replace(body, body.repeat(20));
    let turns = 0;
    let parsing = true;
    const spin = () => {
      if (!parsing) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const article = await extractArticle(large, url, 'en');
    parsing = false;
    expect(article?.title).toBe('Millbrook Builds Three Community Solar Farms to Cut Household Bills');
    // On the main thread, the parse would run to its end before the loop turned once.
    expect(turns).toBeGreaterThan(100);
  });

  test('a hostile page is given up after the time limit, and the next page is read as usual', async () => {
    // 20,000 nested elements: a quarter of a megabyte that keeps Readability busy for half a minute or more.
    const paragraph = `<p>${'The council met again on Tuesday, and the plan went ahead. '.repeat(5)}</p>`;
    const hostile = `<html><body>${'<div>'.repeat(20_000)}${paragraph.repeat(50)}${'</div>'.repeat(20_000)}</body></html>`;
    await expect(extractArticle(hostile, 'https://hostile.example/', 'en')).rejects.toThrow(
      new ExtractionTimeoutError(EXTRACTION_TIMEOUT_MS),
    );
    const { html, url } = await page('solar-farms');
    expect((await extractArticle(html, url, 'en'))?.title).toBe(
      'Millbrook Builds Three Community Solar Farms to Cut Household Bills',
    );
  });

  test('a cancelled activity stops the reading at once, as a cancellation rather than a timeout', async () => {
    const controller = new AbortController();
    const { html, url } = await page('solar-farms');
    const body = html.match(/<body[^>]*>([\s\S]*)<\/body>/)?.[1] ?? '';
    const reading = extractArticle(html.replace(body, body.repeat(200)), url, 'en', {
      signal: controller.signal,
    });
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });
});
