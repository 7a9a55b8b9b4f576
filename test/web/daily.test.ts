/// <reference lib="dom" />
// Some steps run inside Chromium (page.evaluate), where these are browser globals.
import type { Page } from 'playwright-core';
import { waitFor } from '../../stack/ports';
import { useWebHarness } from '../helpers/web-harness';

const web = useWebHarness();

async function expectText(scope: Pick<Page, 'locator'>, selector: string, text: string) {
  await scope.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}

test('a learner subscribes, pauses, resumes and edits, reads today’s story and sees the streak', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  await expectText(page, '.today', 'No story yet today.');
  await expectText(page, '.today .streak', 'No streak yet');

  await page.getByRole('link', { name: 'Daily' }).click();
  await page.waitForURL(/\/subscriptions$/);
  const form = page.getByRole('form', { name: 'Subscribe' });
  await form.getByLabel('Language').selectOption('en');
  await form.getByLabel('Level (CEFR)').selectOption('B1');
  await form.getByLabel('Topics').fill('solar farms, night trains');
  await form.getByLabel('Time of day').fill('07:30');
  await form.getByLabel('Time zone').fill('Mars/Olympus');
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await expectText(form, '.field-error', 'IANA time zone');
  await form.getByLabel('Time zone').fill('Europe/Berlin');
  await web.shot(page, 'subscription-form');
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await expectText(page, '.subscription', 'solar farms, night trains · every day at 07:30 (Europe/Berlin)');
  await expectText(page, '.subscription .meta', 'Next story:');
  await web.shot(page, 'subscriptions');

  const api = await web.apiAs(page);
  const { body } = await api.get('/subscriptions');
  const id = body.items[0].id as string;
  const schedule = web.api.client.schedule.getHandle(`daily-${id}`);
  expect((await schedule.describe()).spec.timezone).toBe('Europe/Berlin');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expectText(page, '.subscription .meta', 'Paused: no stories until you resume.');
  expect((await schedule.describe()).state.paused).toBe(true);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expectText(page, '.subscription .meta', 'Next story:');
  expect((await schedule.describe()).state.paused).toBe(false);

  await page.locator('.subscription summary', { hasText: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit daily story' });
  await edit.getByLabel('Time of day').fill('08:15');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expectText(page, '.subscription', 'every day at 08:15 (Europe/Berlin)');
  expect((await schedule.describe()).spec.calendars?.[0]).toMatchObject({
    hour: [{ start: 8, end: 8, step: 1 }],
    minute: [{ start: 15, end: 15, step: 1 }],
  });

  // The day's firing, as the schedule would make it at 08:15.
  await schedule.trigger();
  let articleId = '';
  await waitFor('the daily story to be written', async () => {
    const { body: today } = await api.get('/today');
    articleId = today.story?.status === 'completed' ? today.story.id : '';
    return Boolean(articleId);
  });
  await page.goto('/');
  await expectText(page, '.today .streak', 'No streak yet: read a story today to start one.');
  await page.locator('.today a').first().click();
  await page.waitForURL(`${web.url}/articles/${articleId}`);
  await page.locator('.reader h1').waitFor();
  await waitFor('the read to be recorded', async () => (await api.get('/today')).body.streak.days === 1);
  await page.goto('/');
  await expectText(page, '.today .streak', '1 day in a row, today included.');
  await expectText(page, '.today', 'read');
  await web.shot(page, 'today-story');
  expect(errors).toEqual([]);
});

test('review shows each due word, its sentence, then its meaning, and grades by key and button', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const ids: string[] = [];
  for (const word of [
    { word: 'farms', lemma: 'farm', definition: 'land for crops', sentence: 'The town has two solar farms.' },
    { word: 'grid', lemma: 'grid', definition: 'the network of power lines', sentence: 'It feeds the grid.' },
    {
      word: 'panels',
      lemma: 'panel',
      definition: 'flat sheets that make power',
      sentence: 'Panels went up.',
    },
  ]) {
    ids.push((await api.post('/vocabulary', { language: 'en', ...word })).body.id);
  }

  await page.goto('/review');
  const card = page.locator('.review-card');
  await expectText(card, 'h2', 'farms');
  expect(await card.locator('.review-sentence').count()).toBe(0);
  await page.keyboard.press(' ');
  await expectText(card, '.review-sentence', 'The town has two solar farms.');
  expect(await card.locator('.review-meaning').count()).toBe(0);
  await page.keyboard.press(' ');
  await expectText(card, '.review-meaning', 'land for crops');
  await web.shot(page, 'review-card');
  await page.keyboard.press('3');
  await expectText(card, 'h2', 'grid');

  await card.getByRole('button', { name: /Show the sentence/ }).click();
  await card.getByRole('button', { name: /Show the meaning/ }).click();
  await card.getByRole('button', { name: /Easy/ }).click();
  await expectText(card, 'h2', 'panels');
  await page.keyboard.press(' ');
  await page.keyboard.press(' ');
  await page.keyboard.press('1');
  await expectText(page, '.card', 'All done for now.');
  await expect(page.locator('.reviewed li').count()).resolves.toBe(3);
  const firstDue = new Map(
    await page
      .locator('.reviewed li')
      .evaluateAll((items) =>
        items.map((li) => [li.textContent?.split(' ·')[0], li.getAttribute('data-due')]),
      ),
  );
  for (const due of firstDue.values()) expect(Date.parse(due as string)).toBeGreaterThan(Date.now());

  // Time passes (the test moves the due dates back): the words are due again, and Good pushes farms further out.
  await web.api.db
    .updateTable('vocabulary')
    .set({ review_due: new Date(Date.now() - 60_000) })
    .where('id', 'in', ids)
    .execute();
  await page.goto('/review');
  await expectText(card, 'h2', 'farms');
  await expectText(card, '.meta', 'reviewed 1×');
  await page.keyboard.press(' ');
  await page.keyboard.press(' ');
  await page.keyboard.press('3');
  await expectText(card, 'h2', 'grid');
  const again = await page.locator('.reviewed li').first().getAttribute('data-due');
  expect(Date.parse(again as string)).toBeGreaterThan(Date.parse(firstDue.get('farms') as string));
  expect(errors).toEqual([]);
});

test('the daily pages fit a phone screen', async () => {
  const { page, errors } = await web.newPage({ width: 390, height: 844 });
  await web.register(page);
  const api = await web.apiAs(page);
  await api.post('/subscriptions', {
    language: 'de',
    level: 'A2',
    length: 300,
    surprise: true,
    time: '06:45',
    timeZone: 'Europe/Vienna',
  });
  await api.post('/vocabulary', {
    language: 'de',
    word: 'Räder',
    lemma: 'Rad',
    definition: 'wheel',
    sentence: 'Die Räder drehen sich.',
  });
  for (const [name, path] of [
    ['today', '/'],
    ['subscriptions', '/subscriptions'],
    ['review', '/review'],
  ]) {
    await page.goto(path as string);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
    await web.shot(page, `phone-${name}`);
  }
  expect(errors).toEqual([]);
});

test('the reader marks the due words the story used', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  await api.post('/vocabulary', {
    language: 'en',
    word: 'farms',
    lemma: 'farm',
    definition: 'land for crops',
    sentence: 'The town has two solar farms.',
  });
  const { body } = await api.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'solar farms',
  });
  await web.api.jobResult(body.jobId);
  await page.goto(`/articles/${body.articleId}`);
  await expectText(page, '.reader .word.due', 'farms');
  await expectText(page, '.due-legend', 'words you were due to review (farm)');
  expect(await page.locator('.reader .word.due').count()).toBe(
    await page.locator('.reader .word', { hasText: /^farms$/ }).count(),
  );
  await web.shot(page, 'reader-due-words');
  await expectText(page, '.due-legend', 'they stay in your review queue');
  // Opening it records that the word was seen in context, without grading it: it is still due.
  await waitFor(
    'the read to record the word as seen',
    async () => (await api.get('/review/due')).body.items[0]?.review.seenInStories === 1,
  );
  expect((await api.get('/review/due')).body.due).toBe(1);
  expect(errors).toEqual([]);
});
