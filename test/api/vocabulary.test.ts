import {
  DRAFT_DUE_LIMIT,
  DRAFT_VOCABULARY_LIMIT,
  selectDraftVocabulary,
  selectDraftWords,
} from '../../db/queries/vocabulary';
import { useApiHarness } from '../helpers/api-harness';
import { makeTempDir } from '../helpers/tmp';

const harness = useApiHarness();

const sentence = 'The town of Millbrook is building two solar farms.';

test('the meaning in this sentence comes from the model, and a repeat is answered from the cache', async () => {
  const user = await harness.signUp();
  const first = await user.post('/dictionary/lookup', {
    word: 'farms',
    sentence,
    language: 'en',
    mode: 'context',
  });
  expect(first.status).toBe(200);
  expect(first.body).toEqual({
    source: 'model',
    model: expect.any(String),
    lemma: 'farms',
    partOfSpeech: 'noun',
    gender: null,
    forms: { plural: 'farmss' },
    definition: 'the meaning of "farms" in this sentence',
    level: 'A2',
    ipa: '/wɜːd/',
    examples: ['This is a farms.', 'I see the farms.'],
    cached: false,
  });
  expect(harness.llm.counts.dictionary).toBe(1);

  // Another user, other casing and spacing: still the same cached sense.
  const other = await harness.signUp();
  const again = await other.post('/dictionary/lookup', {
    word: 'Farms',
    sentence: ` ${sentence} `,
    language: 'en',
    mode: 'context',
  });
  expect(again.body).toMatchObject({ source: 'model', lemma: 'farms', cached: true });
  expect(harness.llm.counts.dictionary).toBe(1);

  const usage = await harness.db
    .selectFrom('llm_usage')
    .select(['operation', 'owner', 'kept'])
    .where('operation', '=', 'dictionary')
    .execute();
  expect(usage).toEqual([{ operation: 'dictionary', owner: user.userId, kept: true }]);
});

test('German, French and English words are answered from the real offline dictionaries, with no model call', async () => {
  const user = await harness.signUp();
  const lookups = [
    { word: 'Fahrräder', sentence: 'In Lindenfeld fahren viele Fahrräder.', language: 'de' },
    { word: 'vélos', sentence: 'Les vélos sont partout à Lindenfeld.', language: 'fr' },
    { word: 'bicycles', sentence: 'Many bicycles crossed the bridge.', language: 'en' },
  ];
  const answers = [];
  for (const lookup of lookups) {
    const res = await user.post('/dictionary/lookup', lookup);
    expect(res.status).toBe(200);
    answers.push(res.body);
  }
  const [german, french, english] = answers;
  expect(german).toMatchObject({
    source: 'offline',
    level: null,
    dictionary: { name: 'FreeDict German–English', licence: 'GPL' },
  });
  // FreeDict lists the plural as a headword of its own, and the base form "Fahrrad" comes from the forms rules.
  expect(german.senses).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ headword: 'Fahrräder', meaning: expect.stringContaining('bicycles') }),
      expect.objectContaining({ headword: 'Fahrrad', gender: 'neuter', partOfSpeech: 'noun' }),
    ]),
  );
  expect(french).toMatchObject({
    source: 'offline',
    lemma: 'vélo',
    gender: 'masculine',
    definition: 'bike, cycle, bicycle',
    dictionary: { name: 'FreeDict French–English' },
  });
  expect(english).toMatchObject({
    source: 'offline',
    lemma: 'bicycle',
    partOfSpeech: 'noun',
    definition: expect.stringContaining('a wheeled vehicle that has two wheels'),
    dictionary: { name: 'WordNet 3.0', licence: 'WordNet 3.0 licence' },
  });

  expect(harness.llm.requests).toHaveLength(0);
  const usage = await harness.db
    .selectFrom('llm_usage')
    .select('id')
    .where('owner', '=', user.userId)
    .execute();
  expect(usage).toEqual([]);
});

test('a word the offline dictionary lacks, or a language without one installed, asks the model and says why', async () => {
  const user = await harness.signUp();
  const unknown = await user.post('/dictionary/lookup', {
    word: 'Millbrook',
    sentence,
    language: 'en',
  });
  expect(unknown.status).toBe(200);
  expect(unknown.body).toMatchObject({
    source: 'model',
    cached: false,
    note: 'WordNet 3.0 has no entry for “Millbrook”; this entry comes from the model.',
  });

  const missing = await harness.serveApi({
    rateLimitPerMinute: 1000,
    dictionaryDir: makeTempDir('no-dictd'),
  });
  const withoutPackages = missing.client(user.token);
  const german = await withoutPackages.post('/dictionary/lookup', {
    word: 'Fahrräder',
    sentence: 'In Lindenfeld fahren viele Fahrräder.',
    language: 'de',
  });
  expect(german.status).toBe(200);
  expect(german.body).toMatchObject({
    source: 'model',
    note: 'The offline FreeDict German–English dictionary is not installed on this server (Debian package dict-freedict-deu-eng); this entry comes from the model.',
  });
  expect(harness.llm.counts.dictionary).toBe(2);
});

test('bad lookups answer 400 with a clear message and call no LLM', async () => {
  const user = await harness.signUp();
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ word: '  ', sentence, language: 'en' }, 'word', /word must not be empty/],
    [{ word: 'tractor', sentence, language: 'en' }, 'word', /must occur in the sentence/],
    [{ word: 'farm', sentence, language: 'en' }, 'word', /must occur in the sentence/],
    [{ word: 'farms', sentence, language: 'xx' }, 'language', /language must be one of en, de/],
    [{ word: 'farms', language: 'en' }, 'sentence', /sentence must be text/],
  ];
  for (const [body, field, message] of cases) {
    const res = await user.post('/dictionary/lookup', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[field]).toMatch(message);
  }
  expect(harness.llm.counts.dictionary).toBeUndefined();
  const chinese = await user.post('/dictionary/lookup', {
    word: '太阳',
    sentence: '太阳能很便宜。',
    language: 'zh',
  });
  expect(chinese.status).toBe(200);
  // No offline dictionary covers Chinese: the model answers, and says why.
  expect(chinese.body).toMatchObject({
    source: 'model',
    note: 'No offline dictionary covers Chinese (Simplified); this entry comes from the model.',
  });
  const badMode = await user.post('/dictionary/lookup', {
    word: 'farms',
    sentence,
    language: 'en',
    mode: 'x',
  });
  expect(badMode.status).toBe(400);
  expect(badMode.body.error.details.fields.mode).toMatch(/mode must be dictionary/);
});

test('saving a word is idempotent per article and lemma; the list groups by lemma; words can be deleted', async () => {
  const user = await harness.signUp();
  const created = await user.post('/articles', { language: 'en', level: 'B1', length: 300, topic: 'solar' });
  await harness.jobResult(created.body.jobId);
  const word = {
    language: 'en',
    word: 'farms',
    lemma: 'farm',
    definition: 'land for crops',
    level: 'A2',
    pos: 'noun',
  };

  const first = await user.post('/vocabulary', { ...word, articleId: created.body.articleId });
  expect(first.status).toBe(201);
  const repeat = await user.post('/vocabulary', { ...word, articleId: created.body.articleId });
  expect(repeat.status).toBe(200);
  expect(repeat.body).toEqual({ id: first.body.id, created: false });
  const unattached = await user.post('/vocabulary', word);
  expect(unattached.status).toBe(201);
  expect((await user.post('/vocabulary', word)).body).toEqual({ id: unattached.body.id, created: false });
  await user.post('/vocabulary', { ...word, language: 'de', word: 'Bauernhof', lemma: 'Bauernhof' });

  const list = await user.get('/vocabulary');
  expect(list.body.items.map((i: { lemma: string; count: number }) => [i.lemma, i.count])).toEqual([
    ['farm', 2],
    ['Bauernhof', 1],
  ]);
  expect(list.body.items[0].articleIds).toEqual([created.body.articleId]);
  const german = await user.get('/vocabulary?language=de');
  expect(german.body.items.map((i: { lemma: string }) => i.lemma)).toEqual(['Bauernhof']);
  expect((await user.get('/vocabulary?language=xx')).status).toBe(400);

  // Isolation: another user sees nothing, cannot delete, cannot attach to this article.
  const other = await harness.signUp();
  expect((await other.get('/vocabulary')).body.items).toEqual([]);
  expect((await other.delete(`/vocabulary/${first.body.id}`)).status).toBe(404);
  expect((await other.post('/vocabulary', { ...word, articleId: created.body.articleId })).status).toBe(404);
  expect(
    (
      await other.post('/dictionary/lookup', {
        word: 'farms',
        sentence,
        language: 'en',
        articleId: created.body.articleId,
      })
    ).status,
  ).toBe(404);

  expect((await user.delete(`/vocabulary/${first.body.id}`)).status).toBe(204);
  expect((await user.delete(`/vocabulary/${first.body.id}`)).status).toBe(404);
  const remaining = (await user.get('/vocabulary')).body.items.find(
    (i: { lemma: string }) => i.lemma === 'farm',
  );
  expect(remaining).toMatchObject({ count: 1, articleIds: [] });
  const invalid = await user.post('/vocabulary', { language: 'en', word: '', lemma: 'x' });
  expect(invalid.status).toBe(400);
  expect(Object.keys(invalid.body.error.details.fields).sort()).toEqual(['definition', 'word']);
});

test('the draft gets up to 50 lemmas: same language, level at most target + 1, most saved first', async () => {
  const owner = await harness.createUser();
  /** Saves a lemma `times` times, each from another article, as a learner meeting it again would. */
  const save = async (lemma: string, level: string | null, language = 'en', times = 1) => {
    for (let i = 0; i < times; i++) {
      const article = await harness.createArticle({ topic: `${lemma} ${i}` }, owner);
      await harness.db
        .insertInto('vocabulary')
        .values({
          owner,
          article_id: article.articleId,
          language,
          word: lemma,
          lemma,
          definition: 'd',
          level,
        })
        .execute();
    }
  };
  await save('harbour', 'B2');
  await save('turbine', 'C1');
  await save('kilowatt', null);
  await save('Windrad', 'A1', 'de');
  await save('grid', 'A1', 'en', 3);
  expect(await selectDraftVocabulary(harness.db, owner, 'en', 'B1')).toEqual(['grid', 'harbour', 'kilowatt']);
  expect(await selectDraftVocabulary(harness.db, owner, 'en', 'B2')).toEqual([
    'grid',
    'harbour',
    'kilowatt',
    'turbine',
  ]);
  expect(await selectDraftVocabulary(harness.db, owner, 'de', 'A1')).toEqual(['Windrad']);
  expect(await selectDraftVocabulary(harness.db, await harness.createUser(), 'en', 'C2')).toEqual([]);

  for (let i = 0; i < 55; i++) await save(`lemma${String(i).padStart(2, '0')}`, 'A1', 'en', i === 54 ? 2 : 1);
  const selected = await selectDraftVocabulary(harness.db, owner, 'en', 'A1');
  expect(selected).toHaveLength(DRAFT_VOCABULARY_LIMIT);
  // Most saved first, then by lemma; harbour (B2) is above A1 + 1.
  expect(selected.slice(0, 4)).toEqual(['grid', 'lemma54', 'kilowatt', 'lemma00']);
  expect(selected).not.toContain('harbour');
});

test('the words of a draft in one statement: the due ones first, longest overdue first, then the most saved', async () => {
  const owner = await harness.createUser();
  let saves = 0;
  const save = async (lemma: string, level: string | null, dueMinutesAgo?: number) => {
    const article = await harness.createArticle({ topic: `${lemma} ${++saves}` }, owner);
    await harness.db
      .insertInto('vocabulary')
      .values({
        owner,
        article_id: article.articleId,
        language: 'en',
        word: lemma,
        lemma,
        definition: 'd',
        level,
      })
      .execute();
    // A saved word is due at once: each gets the due date the test needs, a day ahead for those not due.
    await harness.db
      .updateTable('vocabulary')
      .set({
        review_due: new Date(
          Date.now() + (dueMinutesAgo === undefined ? 86_400_000 : -dueMinutesAgo * 60_000),
        ),
      })
      .where('owner', '=', owner)
      .where('lemma', '=', lemma)
      .execute();
  };
  expect(await selectDraftWords(harness.db, owner, 'en', 'B1')).toEqual({ due: [], vocabulary: [] });
  await save('grid', 'A1');
  await save('grid', 'A1');
  await save('harbour', 'B2', 5);
  await save('turbine', 'C1', 60);
  await save('kilowatt', null, 30);
  await save('panel', 'A2');
  // turbine is due but above B1 + 1; nothing due for review is offered twice.
  expect(await selectDraftWords(harness.db, owner, 'en', 'B1')).toEqual({
    due: ['kilowatt', 'harbour'],
    vocabulary: ['kilowatt', 'harbour', 'grid', 'panel'],
  });
  for (let i = 0; i < 60; i++) await save(`due${String(i).padStart(2, '0')}`, 'A1', 100 + i);
  const { due, vocabulary } = await selectDraftWords(harness.db, owner, 'en', 'A1');
  expect(due).toHaveLength(DRAFT_DUE_LIMIT);
  expect(due).toEqual(['due59', 'due58', 'due57', 'due56', 'due55']);
  expect(vocabulary).toHaveLength(DRAFT_VOCABULARY_LIMIT);
  expect(vocabulary.slice(0, DRAFT_DUE_LIMIT + 1)).toEqual([...due, 'grid']);
});

test('a generation works in the saved words and records which the final text uses', async () => {
  const user = await harness.signUp();
  for (const [lemma, level] of [
    ['farm', 'A2'],
    ['electricity', 'B1'],
    ['volcano', 'A2'],
    ['referendum', 'C2'],
  ]) {
    await user.post('/vocabulary', { language: 'en', word: lemma, lemma, definition: 'd', level });
  }
  const created = await user.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'solar power',
  });
  await harness.jobResult(created.body.jobId);
  const draftRequest = harness.llm.requests.find((r) => r.stage === 'draft');
  const system = draftRequest?.body.messages[0]?.content ?? '';
  expect(system).toMatch(/farm/);
  expect(system).toMatch(/electricity/);
  expect(system).toMatch(/volcano/);
  expect(system).not.toMatch(/referendum/);
  const article = await user.get(`/articles/${created.body.articleId}`);
  expect(article.body.vocabularyUsed.sort()).toEqual(['electricity', 'farm']);
});
