/// <reference lib="dom" />
// Some steps run inside Chromium (page.evaluate), where these are browser globals.
import type { Page } from 'playwright-core';
import { useWebHarness } from '../helpers/web-harness';

const web = useWebHarness();

/** Each payload would set window.__opadInjected if the page ever ran it. */
const PAYLOADS = [
  '<script>window.__opadInjected = "script"</script>',
  '<img src="x" onerror="window.__opadInjected = \'img\'">',
  '<svg onload="window.__opadInjected = \'svg\'"></svg>',
  '<iframe src="javascript:window.__opadInjected = \'iframe\'"></iframe>',
];
const LINK = '[click me](javascript:window.__opadInjected="link")';

const HOSTILE_BODY = [
  `The town of Millbrook is building two solar farms. ${PAYLOADS[0]}`,
  `Families can buy a small part of it. ${PAYLOADS[1]} ${PAYLOADS[2]}`,
  `${PAYLOADS[3]} Read more: ${LINK}`,
].join('\n\n');

async function injectedMarker(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __opadInjected?: unknown }).__opadInjected);
}

test('script in article content, edits and vocabulary never runs in the reader or the vocabulary page', async () => {
  web.api.llm.setResponder(
    'draft',
    () => `# Solar <script>window.__opadInjected = "title"</script>\n\n${HOSTILE_BODY}`,
  );
  web.api.llm.setResponder('adapt', () =>
    JSON.stringify({
      text: HOSTILE_BODY,
      edits: [{ original: PAYLOADS[1], revised: PAYLOADS[0], reason: PAYLOADS[2] }],
    }),
  );
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const { body: job } = await api.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 200,
    topic: 'solar',
  });
  await web.api.jobResult(job.jobId);

  await page.goto(`/articles/${job.articleId}`);
  await page.locator('.reader .word').first().waitFor();
  const body = page.locator('.article-body');
  expect(await body.locator('script, iframe, svg, img').count()).toBe(0);
  expect(await page.locator('[onerror], [onload]').count()).toBe(0);
  const hrefs = await body
    .locator('a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.filter((href) => href.toLowerCase().startsWith('javascript:'))).toEqual([]);
  // The edits show the hostile text as text.
  await page.locator('.edits').filter({ hasText: '<script>' }).first().waitFor();

  // Saved words with hostile fields, shown on /vocabulary.
  const saved = await api.post('/vocabulary', {
    language: 'en',
    word: 'solar',
    lemma: 'solar',
    definition: PAYLOADS[1],
    sentence: `${PAYLOADS[0]} solar`,
    pos: '<b onmouseover="x">noun</b>',
    articleId: job.articleId,
  });
  expect(saved.status).toBe(201);
  await page.goto('/vocabulary');
  await page.locator('[data-lemma="solar"]').filter({ hasText: 'onerror' }).waitFor();
  expect(await page.locator('main script, main img, [onerror], [onmouseover]').count()).toBe(0);

  // Clicking through the reader runs the dictionary on hostile sentences too.
  await page.goto(`/articles/${job.articleId}`);
  await page
    .locator('.reader .word', { hasText: /^solar$/ })
    .first()
    .click();
  await page
    .getByRole('dialog', { name: 'Definition of solar' })
    .getByRole('button', { name: 'Save word' })
    .waitFor();
  await web.shot(page, 'reliability-script-injection');

  expect(await injectedMarker(page)).toBeUndefined();
  expect(errors).toEqual([]);
  console.log(
    `script injection: ${PAYLOADS.length + 2} payloads in title, text, link, edits and vocabulary; none ran, no script/img/svg/iframe element and no javascript: link rendered`,
  );
});
