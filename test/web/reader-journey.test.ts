/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Some steps run inside Chromium (page.evaluate), where these are browser globals.
import type { Page } from 'playwright-core';
import type { NarrationTimings, SentenceTiming } from '../../contracts/narration';
import { FAKE_DRAFT_TITLE } from '../fixtures/fake-openai';
import { AT_B1, adaptReply, TOO_HARD } from '../fixtures/level-texts';
import type { ApiClient } from '../helpers/api-harness';
import { PROVIDERS_NOTICE, useWebHarness } from '../helpers/web-harness';

const web = useWebHarness();

test('a new reader registers, generates, follows every stage live, and reads the article', async () => {
  web.api.llm.setChunkDelay('draft', 250);
  web.api.llm.setChunkDelay('adapt', 250);
  const { page, errors } = await web.newPage();
  await web.register(page);
  await expectText(page, '[role="note"]', PROVIDERS_NOTICE);
  await web.shot(page, 'generate-form');

  // The form validates as the API does, before anything is sent.
  await page.getByLabel('Topic').fill('x');
  await page.getByLabel('Length in words').fill('5000');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expectText(page, '#topic-error', 'topic must have at least 2 characters');
  await expectText(page, '#length-error', 'length must be at most 2000 words');
  await web.shot(page, 'generate-form-errors');

  await page.getByLabel('Language').selectOption('en');
  await page.getByLabel('Level (CEFR)').selectOption('A2');
  await page.getByLabel('Length in words').fill('250');
  await page.getByLabel('Topic').fill('community solar');
  // Submitting twice creates one article.
  await page.getByRole('button', { name: 'Generate' }).dblclick();
  await page.waitForURL(/\/jobs\/article-/);
  const jobId = page.url().split('/jobs/')[1] as string;

  await page.locator('[data-stage="draft"] .badge.running').waitFor();
  await web.shot(page, 'job-running');
  const readLink = page.getByRole('link', { name: 'Read the article' });
  await readLink.waitFor({ timeout: 60_000 });
  await web.shot(page, 'job-completed');
  for (const stage of ['research', 'draft', 'adapt', 'upload']) {
    await expectText(page, `[data-stage="${stage}"] .badge`, 'completed');
    await expectText(page, `[data-stage="${stage}"] .meta`, '1 attempt');
  }
  // The Temporal Web UI shows every learner's runs and can cancel them: learners are never sent there.
  expect(await page.getByRole('link', { name: /Temporal/ }).count()).toBe(0);
  expect(await page.locator('a[href*="8233"], a[href*="/namespaces/"]').count()).toBe(0);

  const api = await web.apiAs(page);
  const { body: list } = await api.get('/articles');
  expect(list.total).toBe(1);
  expect(list.items[0]).toMatchObject({ jobId, topic: 'community solar', level: 'A2', language: 'en' });

  await readLink.click();
  await page.waitForURL(/\/articles\/[0-9a-f-]{36}$/);
  await expectText(page, '.reader h1', FAKE_DRAFT_TITLE);
  await expectText(page, '.reader blockquote', 'Source:');
  await expectText(page, '.reader', 'green electricity');
  await expectText(page, '.edits', '"Green" is a more common word at this level.');
  const cost = await api.get(`/usage/articles/${list.items[0].id}`);
  await expectText(page, '[data-testid="article-cost"]', `$${cost.body.totals.costUsd.toFixed(2)}`);
  await web.shot(page, 'reader');

  // The same request again within 24 h: the form offers the existing job.
  await page.goto('/');
  await page.getByLabel('Language').selectOption('en');
  await page.getByLabel('Level (CEFR)').selectOption('A2');
  await page.getByLabel('Length in words').fill('250');
  await page.getByLabel('Topic').fill('community solar');
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByText('You asked for the same article less than 24 hours ago.').waitFor();
  await web.shot(page, 'generate-duplicate');
  await page.getByRole('link', { name: 'Open the existing job' }).click();
  await page.waitForURL(`${web.url}/jobs/${jobId}`);
  // Chromium logs every non-2xx fetch; the 409 that answered the repeated request is the only one.
  expect(errors).toEqual([expect.stringContaining('status of 409 (Conflict)')]);
});

test('a word is looked up by click or keyboard, saved, highlighted, and listed on /vocabulary', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const articleId = await generated(api, 'wind farms');

  await page.goto(`/articles/${articleId}`);
  await page
    .locator('.reader .word', { hasText: /^solar$/ })
    .first()
    .click();
  const popover = page.getByRole('dialog', { name: 'Definition of solar' });
  // The offline dictionary answers at once, labelled; the model is asked only for the sense in this sentence.
  await expectText(popover, '.senses li', 'relating to or derived from the sun');
  await expectText(popover, '.badge.pos', 'adjective');
  await expectText(popover, '.source', 'From WordNet 3.0 (offline, WordNet 3.0 licence)');
  expect(web.api.llm.counts.dictionary).toBeUndefined();
  await web.shot(page, 'reader-definition-offline');
  await popover.getByRole('button', { name: 'Meaning in this sentence' }).click();
  await expectText(popover, 'p', 'the meaning of "solar" in this sentence');
  await expectText(popover, '.badge.pos', 'noun');
  await expectText(popover, '.badge.level', 'A2');
  await expectText(popover, '.source', 'Meaning in this sentence, by the model');
  expect(web.api.llm.counts.dictionary).toBe(1);
  await web.shot(page, 'reader-definition');
  await popover.getByRole('button', { name: 'Save word' }).click();
  await popover.getByRole('button', { name: 'Saved' }).waitFor();
  await page.keyboard.press('Escape');
  await popover.waitFor({ state: 'detached' });

  const saved = await api.get('/vocabulary');
  expect(saved.body.items).toHaveLength(1);
  expect(saved.body.items[0]).toMatchObject({ lemma: 'solar', language: 'en', articleIds: [articleId] });
  expect(saved.body.items[0].entries[0].sentence).toBe('The town of Millbrook is building two solar farms.');

  // Keyboard: one tab stop for the text, arrows between words, Enter to look up.
  await page.reload();
  expect(await page.locator('.reader .word.saved', { hasText: /^solar$/ }).count()).toBeGreaterThan(0);
  await page.getByRole('document', { name: /Article text/ }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: `Definition of ${focused}` }).waitFor();
  await page.keyboard.press('Escape');

  await page.goto('/vocabulary');
  const entry = page.locator('[data-lemma="solar"]');
  await expectText(entry, 'strong', 'solar');
  await expectText(entry, '.badge.pos', 'noun');
  await expectText(entry, '.badge.level', 'A2');
  await expectText(page, 'h2', 'English (1)');
  await web.shot(page, 'vocabulary');
  await entry.getByRole('button', { name: 'Remove solar' }).click();
  await entry.waitFor({ state: 'detached' });
  expect((await api.get('/vocabulary')).body.items).toEqual([]);
  expect(errors).toEqual([]);
});

test('the reader shows the measured level beside the asked one, what the learner knows, and the rare words; the job lists each check pass', async () => {
  let adaptCalls = 0;
  web.api.llm.setResponder('adapt', () => adaptReply(++adaptCalls === 1 ? TOO_HARD : AT_B1));
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const articleId = await generated(api, 'solar farm levels');

  await page.goto(`/articles/${articleId}`);
  const evidence = page.getByRole('region', { name: 'Level check' });
  await expectText(evidence, 'span', 'Asked for');
  await expectText(evidence, '.badge.level.measured', 'B1');
  await expectText(evidence, 'p', 'at the level you asked for');
  await expectText(evidence, 'p', 'You know about');
  await expectText(evidence, 'p', 'The check sent the text back to be simplified once.');
  // "panels" and "neighbours" are outside the 6,000 most frequent forms a B1 reader knows.
  await page
    .locator('.reader .word.rare', { hasText: /^panels$/ })
    .first()
    .waitFor();
  const knownBefore = await evidence.locator('strong').textContent();
  await web.shot(page, 'reader-level-evidence');

  // A saved word counts as known: saving "panels" takes it off the rare list and raises the known share.
  await api.post('/vocabulary', {
    language: 'en',
    word: 'panels',
    lemma: 'panel',
    definition: 'flat sheets',
    articleId,
  });
  await page.reload();
  expect(await page.locator('.reader .word.rare', { hasText: /^panels$/ }).count()).toBe(0);
  const knownAfter = await evidence.locator('strong').textContent();
  expect(Number.parseInt(knownAfter ?? '', 10)).toBeGreaterThan(Number.parseInt(knownBefore ?? '', 10));

  const article = await api.get(`/articles/${articleId}`);
  expect(article.body.levelCheck).toMatchObject({
    requested: 'B1',
    measured: 'B1',
    passes: [{ level: 'C2' }, { level: 'B1' }],
  });
  await page.goto(`/jobs/${article.body.jobId}`);
  const passes = page.getByRole('list', { name: 'Level check passes' });
  await expectText(passes, 'li', 'Pass 1: measured C2');
  await expectText(passes, 'li', 'too hard');
  await expectText(passes, 'li', 'Pass 2: measured B1');
  await web.shot(page, 'job-level-passes');
  expect(errors).toEqual([]);
});

test('the learner answers the questions after the text, sees the score and explanations, and the supporting sentence is highlighted', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const articleId = await generated(api, 'solar questions');

  await page.goto(`/articles/${articleId}`);
  const questions = page.getByRole('region', { name: 'Did you understand it?' });
  await questions
    .getByRole('group', { name: 'How many solar farms is Millbrook building?' })
    .getByLabel('One')
    .check();
  await questions
    .getByRole('group', { name: 'The project costs 4 million dollars.' })
    .getByLabel('True')
    .check();
  const check = questions.getByRole('button', { name: 'Check my answers' });
  expect(await check.isDisabled()).toBe(true);
  await questions.getByRole('group', { name: 'Who is Ana Ruiz?' }).getByLabel('The mayor').check();
  await check.click();
  await expectText(questions, '[role="status"]', 'You got 2 of 3 right.');
  await expectText(questions, '.result.wrong', 'Not quite: Two. The town is building two solar farms.');
  await questions.getByRole('button', { name: 'Show in the text' }).first().click();
  // The supporting sentence is highlighted, and nothing else of its paragraph (the farms' 900 homes).
  const highlighted = () =>
    page.evaluate(() => [...(CSS.highlights.get('evidence') ?? [])].map((range) => String(range)));
  await page.waitForFunction(() => CSS.highlights.has('evidence'));
  expect(await highlighted()).toEqual(['The town of Millbrook is building two solar farms.']);
  expect(await page.locator('.reader p', { hasText: 'The town of Millbrook' }).textContent()).toContain(
    'The farms will make green electricity for about 900 homes.',
  );
  await web.shot(page, 'reader-questions');
  // Another question's sentence replaces it: the quote with its quotation marks, as the reader shows it.
  await questions.getByRole('button', { name: 'Show in the text' }).nth(2).click();
  await page.waitForFunction(() =>
    String([...(CSS.highlights.get('evidence') ?? [])][0]).includes('Ana Ruiz'),
  );
  expect(await highlighted()).toEqual([
    '"We want energy that belongs to the people here," says the mayor, Ana Ruiz.',
  ]);
  // Back at the top, so the full-page picture has the sticky player where it belongs, not over the text.
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await web.shot(page, 'reader-questions-quote');

  // The score is kept: after a reload the answers and the results are still there.
  await page.reload();
  await expectText(
    page.getByRole('region', { name: 'Did you understand it?' }),
    '[role="status"]',
    'You got 2 of 3 right.',
  );
  expect((await api.get(`/articles/${articleId}`)).body.questions).toEqual({
    answered: true,
    correct: 2,
    total: 3,
  });
  expect(errors).toEqual([]);
});

test('the learner listens: the spoken sentence is highlighted as the audio plays and after seeking, a click on a sentence plays from there, and the speed changes', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const articleId = await generated(api, 'solar narration');
  const { body: timings } = await api.get<NarrationTimings>(`/articles/${articleId}/audio/timings`);
  const sentences = timings.sentences;

  await page.goto(`/articles/${articleId}`);
  const player = page.getByRole('region', { name: 'Listen to the article' });
  const audio = player.locator('audio');
  await audio.evaluate(
    (element: HTMLAudioElement) =>
      new Promise((resolve) => {
        if (element.readyState >= 1) resolve(undefined);
        else element.addEventListener('loadedmetadata', resolve, { once: true });
      }),
  );
  // The browser decodes the whole narration, through the web's proxy.
  const duration = await audio.evaluate((element: HTMLAudioElement) => element.duration);
  expect(Math.abs(duration - timings.duration) / timings.duration).toBeLessThan(0.1);
  const highlighted = () =>
    page.evaluate(() => [...(CSS.highlights.get('narration') ?? [])].map((range) => String(range)).join(''));
  const nowSpoken = (index: number) =>
    expectText(player, '[data-testid="spoken-sentence"]', `Sentence ${index + 1} of ${sentences.length}`);

  // English needs no warning about its voice.
  expect(await player.getByRole('note').count()).toBe(0);

  // Seeking into the third sentence highlights it.
  const third = sentences[2] as SentenceTiming;
  await audio.evaluate(
    (element: HTMLAudioElement, at) => {
      element.currentTime = at;
    },
    (third.start + third.end) / 2,
  );
  await nowSpoken(2);
  expect(await highlighted()).toBe(third.text);
  await web.shot(page, 'reader-narration');

  // Playing from the headline, the highlight moves on to the next sentence by itself.
  await player.getByRole('button', { name: '1.25×' }).click();
  expect(await audio.evaluate((element: HTMLAudioElement) => element.playbackRate)).toBe(1.25);
  await audio.evaluate((element: HTMLAudioElement) => {
    element.currentTime = 0;
    return element.play();
  });
  await nowSpoken(1);
  expect(await highlighted()).toBe(sentences[1]?.text);
  await audio.evaluate((element: HTMLAudioElement) => element.pause());
  await player.getByRole('button', { name: '0.75×' }).click();
  expect(await audio.evaluate((element: HTMLAudioElement) => element.playbackRate)).toBe(0.75);

  // With "click a sentence", a click on a word of a later sentence plays from that sentence's start.
  const words = (text: string): string[] => text.match(/\p{L}+/gu) ?? [];
  const count = (word: string) => sentences.filter((s) => words(s.text).includes(word)).length;
  const target = sentences.findIndex(
    (sentence, index) => index > 2 && words(sentence.text).some((word) => count(word) === 1),
  );
  const word = words(sentences[target]?.text ?? '').find((w) => count(w) === 1) as string;
  await player.getByLabel('Click a sentence to play from it').check();
  await page
    .locator('.reader .word', { hasText: new RegExp(`^${word}$`) })
    .first()
    .click();
  await nowSpoken(target);
  expect(await highlighted()).toBe(sentences[target]?.text);
  const at = await audio.evaluate((element: HTMLAudioElement) => element.currentTime);
  expect(at).toBeGreaterThanOrEqual(sentences[target]?.start as number);
  expect(at).toBeLessThan(sentences[target]?.end as number);
  expect(await page.locator('.popover').count()).toBe(0);
  await audio.evaluate((element: HTMLAudioElement) => element.pause());

  // Without it, a click looks the word up again.
  await player.getByLabel('Click a sentence to play from it').uncheck();
  await page
    .locator('.reader .word', { hasText: new RegExp(`^${word}$`) })
    .first()
    .click();
  await page.locator('.popover').waitFor();
  expect(errors).toEqual([]);
});

test('a Japanese article is read from kana: the spoken sentence is highlighted as written, and the player says how rough the voice is', async () => {
  const title = '町の太陽光発電';
  const body = [
    'ミルブルックの町は二つの太陽光発電所を建設しています。発電所は約九百世帯に電気を送ります。',
    '山田市長は「電気代が安くなる」と話しました。',
  ].join('\n\n');
  web.api.llm.setResponder('draft', () => `# ${title}\n\n${body}`);
  web.api.llm.setResponder('adapt', () => JSON.stringify({ text: body, edits: [] }));
  web.api.llm.setResponder('questions', () =>
    JSON.stringify({
      questions: [
        '発電所は約九百世帯に電気を送ります。',
        '山田市長は「電気代が安くなる」と話しました。',
        '発電所は約九百世帯に電気を送ります。',
      ].map((evidence, index) => ({
        kind: 'true-false',
        question: `質問${index + 1}`,
        options: ['正しい', '正しくない'],
        answer: 0,
        explanation: '本文に書いてあります。',
        evidence,
      })),
    }),
  );
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const created = await api.post('/articles', {
    language: 'ja',
    level: 'B1',
    length: 200,
    topic: '太陽光発電',
  });
  await web.api.jobResult(created.body.jobId);
  const articleId = created.body.articleId as string;
  const { body: timings } = await api.get<NarrationTimings>(`/articles/${articleId}/audio/timings`);
  expect(timings.voice).toBe('ja');

  await page.goto(`/articles/${articleId}`);
  const player = page.getByRole('region', { name: 'Listen to the article' });
  await expectText(player, '[role="note"]', 'Japanese is read by espeak-ng from kana');
  const audio = player.locator('audio');
  await audio.evaluate(
    (element: HTMLAudioElement) =>
      new Promise((resolve) => {
        if (element.readyState >= 1) resolve(undefined);
        else element.addEventListener('loadedmetadata', resolve, { once: true });
      }),
  );
  // The kanji sentence the audio speaks at this time is the one highlighted, as the page writes it.
  const second = timings.sentences[1] as SentenceTiming;
  expect(second.text).toBe('ミルブルックの町は二つの太陽光発電所を建設しています。');
  await audio.evaluate(
    (element: HTMLAudioElement, at) => {
      element.currentTime = at;
    },
    (second.start + second.end) / 2,
  );
  await expectText(player, '[data-testid="spoken-sentence"]', `Sentence 2 of ${timings.sentences.length}`);
  expect(
    await page.evaluate(() =>
      [...(CSS.highlights.get('narration') ?? [])].map((range) => String(range)).join(''),
    ),
  ).toBe(second.text);
  await web.shot(page, 'reader-narration-japanese');
  expect(errors).toEqual([]);
});

test('a generation that failed is retried from its job page and completes', async () => {
  // An invalid key is not retried by the workflow, so the generation fails at once.
  web.api.llm.injectFault('draft', { kind: 'status', status: 401 }, 1);
  const { page, errors } = await web.newPage();
  await web.register(page);
  await page.getByLabel('Topic').fill('tidal power');
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.waitForURL(/\/jobs\//);
  await page.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 60_000 });
  await expectText(page, '.error', 'The draft step failed');
  await expectText(page, '[data-stage="draft"] .badge', 'failed');
  await web.shot(page, 'job-failed');

  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('link', { name: 'Read the article' }).waitFor({ timeout: 60_000 });
  // Research finished before the failure, so the retry reused it.
  await expectText(page, '[data-stage="research"] .meta', 'reused from an earlier run');
  await expectText(page, '[data-stage="draft"] .badge', 'completed');
  await web.shot(page, 'job-retried');
  expect(errors).toEqual([]);
});

test('a job waiting out a provider outage says so on its page, then completes on its own', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  web.api.llm.setOutage({ kind: 'status', status: 503 });
  try {
    await page.getByLabel('Topic').fill('night trains');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.waitForURL(/\/jobs\//);
    await expectText(page, '[data-stage="research"] .waiting', 'Waiting for the LLM provider to come back');
    await expectText(page, '[data-stage="research"] .waiting', 'attempt');
    await web.shot(page, 'job-waiting');
  } finally {
    web.api.llm.setOutage(undefined);
  }
  await page.getByRole('link', { name: 'Read the article' }).waitFor({ timeout: 60_000 });
  expect(await page.locator('.waiting').count()).toBe(0);
  expect(errors).toEqual([]);
});

test('the article list filters, pages and deletes', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const topics = ['river cleanup', 'city gardens', 'bike lanes'];
  const ids: string[] = [];
  for (const topic of topics) ids.push(await generated(api, topic, topic === 'bike lanes' ? 'C1' : 'B1'));

  await page.goto('/articles');
  expect(await page.locator('.article-list > li').count()).toBe(3);
  await expectText(page, '.pagination', '3 articles');
  await page.getByLabel('Level').selectOption('C1');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/level=C1/);
  expect(await page.locator('.article-list > li').count()).toBe(1);
  await expectText(page, '.article-list', FAKE_DRAFT_TITLE);
  await page.goto('/articles?status=failed');
  await expectText(page, 'main', 'No articles here yet.');
  await page.goto('/articles');
  await web.shot(page, 'articles');

  page.once('dialog', (dialog) => dialog.accept());
  const first = page.locator(`[data-article-id="${ids[0]}"]`);
  await first.getByRole('button', { name: /^Delete/ }).click();
  await first.waitFor({ state: 'detached' });
  expect(await page.locator('.article-list > li').count()).toBe(2);
  expect((await api.get(`/articles/${ids[0]}`)).status).toBe(404);

  // Ten to a page: eleven articles make two pages.
  const more = await Promise.all(
    Array.from({ length: 9 }, (_, i) =>
      api.post('/articles', { language: 'en', level: 'A1', length: 100 + i, topic: `page filler ${i}` }),
    ),
  );
  await page.goto('/articles');
  expect(await page.locator('.article-list > li').count()).toBe(10);
  await expectText(page, '.pagination', 'Page 1 of 2 · 11 articles');
  await page.getByRole('link', { name: 'Older →' }).click();
  await page.waitForURL(/page=2/);
  expect(await page.locator('.article-list > li').count()).toBe(1);
  await expectText(page, '.pagination', 'Page 2 of 2');
  await page.getByRole('link', { name: '← Newer' }).waitFor();
  await Promise.all(more.map(({ body }) => web.api.jobResult(body.jobId)));
  expect(errors).toEqual([]);
});

test('usage shows a chart of tokens and cost per day; signing out ends the session', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  await generated(api, 'electric buses');
  const usage = await api.get('/usage');
  await page.goto('/usage');
  await page.locator('.chart .recharts-bar-rectangle').first().waitFor();
  await expectText(page, '[data-testid="usage-total"]', `$${usage.body.totals.costUsd.toFixed(2)}`);
  await expectText(page, 'table', 'draft');
  await web.shot(page, 'usage');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
  await page.goto('/vocabulary');
  await page.waitForURL(/\/login/);
  await web.shot(page, 'login');
  expect(errors).toEqual([]);
});

test('every page fits a phone screen', async () => {
  const { page, errors } = await web.newPage({ width: 390, height: 844 });
  await web.register(page);
  const api = await web.apiAs(page);
  const articleId = await generated(api, 'school meals');
  const { body: article } = await api.get(`/articles/${articleId}`);
  for (const [name, path] of [
    ['generate', '/'],
    ['articles', '/articles'],
    ['reader', `/articles/${articleId}`],
    ['job', `/jobs/${article.jobId}`],
    ['vocabulary', '/vocabulary'],
    ['usage', '/usage'],
  ]) {
    await page.goto(path as string);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
    await web.shot(page, `phone-${name}`);
  }
  expect(errors).toEqual([]);
});

/** Waits until an element matching the selector holds the text. */
async function expectText(scope: Pick<Page, 'locator'>, selector: string, text: string) {
  await scope.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}

/** An article generated through the API and finished, for tests about what comes after. */
async function generated(api: ApiClient, topic: string, level = 'B1') {
  const { status, body } = await api.post('/articles', { language: 'en', level, length: 200, topic });
  if (status !== 202) throw new Error(`generation refused: ${status}`);
  await web.api.jobResult(body.jobId);
  return body.articleId as string;
}
