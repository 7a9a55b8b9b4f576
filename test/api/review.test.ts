import { parse } from 'csv-parse/sync';
import { useApiHarness } from '../helpers/api-harness';

const harness = useApiHarness();

const words = [
  {
    word: 'farms',
    lemma: 'farm',
    definition: 'land used for growing crops',
    sentence: 'The town has two solar farms.',
  },
  {
    word: 'grid',
    lemma: 'grid',
    definition: 'the network of power lines',
    sentence: 'The farm feeds the grid.',
  },
  {
    word: 'panels',
    lemma: 'panel',
    definition: 'a flat sheet that turns light into power',
    sentence: 'New panels went up.',
  },
];

async function saveWords(user: Awaited<ReturnType<typeof harness.signUp>>) {
  const ids: string[] = [];
  for (const word of words) {
    const res = await user.post('/vocabulary', { language: 'en', ...word });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

/** The test setting of the clock: the entries' due dates are moved into the past, as time passing would. */
const makeDue = (ids: string[]) =>
  harness.db
    .updateTable('vocabulary')
    .set({ review_due: new Date(Date.now() - 60_000) })
    .where('id', 'in', ids)
    .execute();

test('saved words come up due with their sentence and meaning, and each grade moves the next due date', async () => {
  const user = await harness.signUp();
  const ids = await saveWords(user);

  const due = await user.get('/review/due');
  expect(due.status).toBe(200);
  expect(due.body.due).toBe(3);
  expect(due.body.items.map((item: { id: string }) => item.id).sort()).toEqual([...ids].sort());
  expect(due.body.items).toContainEqual(
    expect.objectContaining({
      word: 'grid',
      sentence: 'The farm feeds the grid.',
      definition: 'the network of power lines',
      review: expect.objectContaining({ state: 'new', reviews: 0 }),
    }),
  );

  const [again, good, easy] = await Promise.all(
    (['again', 'Good', 'EASY'] as const).map((grade, i) => user.post(`/review/${ids[i]}`, { grade })),
  );
  const dueAt = (res: typeof again) => Date.parse(res?.body.review.due);
  for (const res of [again, good, easy]) {
    expect(res?.status).toBe(200);
    expect(dueAt(res)).toBeGreaterThan(Date.now());
    expect(res?.body.review.reviews).toBe(1);
  }
  // Easy waits longest, Again shortest.
  expect(dueAt(easy)).toBeGreaterThan(dueAt(good));
  expect(dueAt(good)).toBeGreaterThan(dueAt(again));

  const after = await user.get('/review/due');
  expect(after.body).toMatchObject({ items: [], due: 0 });
  expect(Date.parse(after.body.nextDueAt)).toBe(dueAt(again));

  // Once due again, a second Good pushes the word further out than the first one did.
  await makeDue([ids[1] as string]);
  const firstInterval = dueAt(good) - Date.parse(good?.body.review.lastReviewedAt);
  const second = await user.post(`/review/${ids[1]}`, { grade: 'good' });
  expect(second.body.review).toMatchObject({ reviews: 2 });
  expect(dueAt(second) - Date.parse(second.body.review.lastReviewedAt)).toBeGreaterThan(firstInterval);
});

test('a grade outside Again, Hard, Good and Easy is a 400; another learner gets 404', async () => {
  const user = await harness.signUp();
  const [id] = await saveWords(user);
  const bad = await user.post(`/review/${id}`, { grade: 'perfect' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.fields.grade).toBe('grade must be one of again, hard, good, easy');
  const other = await harness.signUp();
  expect((await other.post(`/review/${id}`, { grade: 'good' })).status).toBe(404);
  expect((await other.get('/review/due')).body).toMatchObject({ items: [], due: 0 });
  expect((await harness.anonymous().get('/review/due')).status).toBe(401);
});

test('the next story is drafted with the due words first; it marks the due words it used, and reading it records them as seen without grading them', async () => {
  const user = await harness.signUp();
  const ids = await saveWords(user);
  // farm was learnt once (it has an FSRS stability) and is due again; panel is new and due; grid is graded, so
  // it is saved but not due.
  await user.post(`/review/${ids[0]}`, { grade: 'good' });
  await makeDue([ids[0] as string]);
  await user.post(`/review/${ids[1]}`, { grade: 'easy' });
  const cardOf = (id: string) =>
    harness.db
      .selectFrom('vocabulary')
      .select(['review_card', 'review_due', 'reviewed_at', 'seen_in_stories', 'seen_in_story_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const farmBefore = await cardOf(ids[0] as string);
  expect(farmBefore.review_card?.stability).toBeGreaterThan(0);

  const res = await user.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'solar farms',
  });
  expect(res.status).toBe(202);
  await harness.jobResult(res.body.jobId);

  const drafts = harness.llm.requests.filter((request) => request.stage === 'draft');
  expect(drafts).toHaveLength(1);
  const system = drafts[0]?.body.messages.find((message) => message.role === 'system')?.content ?? '';
  expect(system).toContain('The learner is due to review these words: farm, panel.');
  expect(system).toContain('use some of these words the learner is studying: grid.');

  // The story uses "farms" (farm was due), not panel: the reader is told which due words to mark.
  const { articleId } = res.body;
  const meta = await user.get(`/articles/${articleId}/meta`);
  expect(meta.body.dueWordsUsed).toEqual(['farm']);

  // The first read records that farm was seen in context, and grades nothing: the learner was not asked to
  // recall it, so its FSRS card (stability, difficulty, due date) is exactly as it was, and it is still due.
  const read = await user.post(`/articles/${articleId}/read`);
  expect(read.body).toMatchObject({ first: true, seenInContext: ['farm'] });
  const farmAfter = await cardOf(ids[0] as string);
  expect(farmAfter.review_card).toEqual(farmBefore.review_card);
  expect(farmAfter.review_card?.stability).toBe(farmBefore.review_card?.stability);
  expect(farmAfter.review_due).toEqual(farmBefore.review_due);
  expect(farmAfter.reviewed_at).toEqual(farmBefore.reviewed_at);
  expect(farmAfter).toMatchObject({ seen_in_stories: 1, seen_in_story_at: expect.any(Date) });
  const due = await user.get('/review/due');
  expect(due.body.items.map((item: { lemma: string }) => item.lemma)).toEqual(['farm', 'panel']);
  expect(due.body.items[0].review).toMatchObject({
    reviews: 1,
    seenInStories: 1,
    lastSeenInStoryAt: farmAfter.seen_in_story_at?.toISOString(),
  });
  expect(due.body.items[1].review).toMatchObject({ seenInStories: 0, lastSeenInStoryAt: null });

  // Opening it again records nothing more.
  expect((await user.post(`/articles/${articleId}/read`)).body).toMatchObject({
    first: false,
    seenInContext: [],
  });
  expect((await cardOf(ids[0] as string)).seen_in_stories).toBe(1);
});

/**
 * Reads the export as Anki's importer does: the leading `#` lines are its headers, the rest is CSV with a tab
 * delimiter and standard quoting, parsed here by csv-parse, which shares no code with the writer.
 */
function parseAnkiTsv(text: string) {
  const lines = text.split('\n');
  const headerLines = lines.findIndex((line) => !line.startsWith('#'));
  const header = lines.slice(0, headerLines);
  const columns = (header.find((line) => line.startsWith('#columns:')) ?? '').slice(9).split('\t');
  const records: string[][] = parse(lines.slice(headerLines).join('\n'), {
    delimiter: '\t',
    relax_column_count: false,
  });
  return {
    header,
    notes: records.map((record) => Object.fromEntries(record.map((value, i) => [columns[i], value]))),
  };
}

test('the TSV export parses back to the saved words, one note per word, for Anki to import', async () => {
  const user = await harness.signUp();
  await saveWords(user);
  // The same word saved again from nowhere else is still one note; a tab in a meaning stays inside its field.
  await user.post('/vocabulary', { language: 'de', word: 'Räder', lemma: 'Rad', definition: 'wheel\tbike' });

  const res = await user.get('/vocabulary/export?format=tsv');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
  expect(res.headers.get('content-disposition')).toBe('attachment; filename=opad-vocabulary.tsv');
  const { header, notes } = parseAnkiTsv(res.text);
  expect(header).toContain('#separator:tab');
  expect(notes).toEqual([
    ...words.map((w) => ({
      Word: w.word,
      Lemma: w.lemma,
      Meaning: w.definition,
      Sentence: w.sentence,
      'Part of speech': '',
      Level: '',
      Language: 'en',
    })),
    {
      Word: 'Räder',
      Lemma: 'Rad',
      Meaning: 'wheel\tbike',
      Sentence: '',
      'Part of speech': '',
      Level: '',
      Language: 'de',
    },
  ]);

  const german = await user.get('/vocabulary/export?language=de');
  expect(german.text.split('\n').filter((line) => line && !line.startsWith('#'))).toHaveLength(1);
  const apkg = await user.get('/vocabulary/export?format=apkg');
  expect(apkg.status).toBe(400);
  expect(apkg.body.error).toMatchObject({
    code: 'format_unavailable',
    message: expect.stringContaining('tsv'),
  });
  expect((await (await harness.signUp()).get('/vocabulary/export')).text).not.toContain('farm');
});

test('quotes, tabs, line breaks and formulas in saved words survive the export field by field, formulas defused', async () => {
  const user = await harness.signUp();
  const hostile = [
    {
      word: '#1 "quoted"',
      lemma: 'say "hi"',
      definition: 'a stray " quote that once merged rows',
      sentence: 'She said "go"\tand left.\nThen a new line.',
    },
    {
      word: '=HYPERLINK("http://evil.example","click")',
      lemma: '+cmd',
      definition: '-2+3',
      sentence: '@SUM(A1:A9)',
    },
    {
      word: 'ｆｕｌｌ',
      lemma: '\uFF1D1+1',
      definition: 'a full-width equals sign',
      sentence: 'A #hash, not a header.',
    },
  ];
  for (const word of hostile)
    expect((await user.post('/vocabulary', { language: 'en', ...word })).status).toBe(201);
  const exported = (await user.get('/vocabulary/export')).text;
  const { header, notes } = parseAnkiTsv(exported);
  // A field starting with # is quoted, so Anki does not take its line for a comment.
  expect(exported.split('\n').slice(header.length)[0]).toMatch(/^"#1 ""quoted"""\t/);
  const pick = ({ Word, Lemma, Meaning, Sentence }: Record<string, string | undefined>) => ({
    word: Word,
    lemma: Lemma,
    definition: Meaning,
    sentence: Sentence,
  });
  expect(notes.map(pick)).toEqual([
    hostile[0],
    {
      word: `'=HYPERLINK("http://evil.example","click")`,
      lemma: `'+cmd`,
      definition: `'-2+3`,
      sentence: `'@SUM(A1:A9)`,
    },
    { ...hostile[2], lemma: `'\uFF1D1+1` },
  ]);
  // Three notes and nothing else: no quote or line break split or merged a row.
  expect(notes).toHaveLength(3);
});
