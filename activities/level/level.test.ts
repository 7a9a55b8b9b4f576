import { levelRank } from '../../contracts/article-request';
import { isExternal, measuredCorpus, sampleStoryTexts } from '../../stack/level-corpus';
import { TOO_HARD } from '../../test/fixtures/level-texts';
import { calibrate, calibrateMeasured, isTrusted, measureKnownText } from './calibrate';
import { checkText, verdictFor } from './check';
import { GRAMMAR_RANK } from './cjk-forms';
import { CALIBRATION, estimateLevel, SIGNALS, scoreOnScale } from './estimate';
import { measureText, tokenize } from './measure';
import { readability } from './readability';
import { countSyllables } from './syllables';
import { wordRanks } from './word-ranks';

test('syllables follow each language rule (hand-counted)', () => {
  const cases: Array<[string, Parameters<typeof countSyllables>[1], number]> = [
    ['reading', 'en', 2],
    ['table', 'en', 2],
    ['made', 'en', 1],
    ['jumped', 'en', 1],
    ['bicycle', 'en', 3],
    ['Fahrrad', 'de', 2],
    ['Bäckerei', 'de', 3],
    ['Straße', 'de', 2],
    ['bicicleta', 'es', 4],
    ['poeta', 'es', 3],
    ['ciudad', 'es', 2],
    ['día', 'es', 2],
    ['porte', 'fr', 1],
    ['maison', 'fr', 2],
    ['électricité', 'fr', 5],
    ['treno', 'it', 2],
    ['自転車', 'ja', 3],
  ];
  for (const [word, language, expected] of cases)
    expect([word, countSyllables(word, language)]).toEqual([word, expected]);
});

test('readability formulas give the published values for hand-counted inputs', () => {
  // 4 words a sentence and 1.125 syllables a word: "The cat sat. The dog ran far away."
  expect(readability('en', 4, 1.125)).toEqual({ formula: 'Flesch reading ease', score: 107.6 });
  expect(readability('de', 10, 1.5)).toEqual({ formula: 'Amstad', score: 82.3 });
  expect(readability('es', 10, 2)).toEqual({ formula: 'Fernández-Huerta', score: 76.6 });
  expect(readability('fr', 10, 1.5)).toEqual({ formula: 'Kandel–Moles', score: 86.5 });
  expect(readability('zh', 10, 1)).toBeNull();
  const measured = measureText('The cat sat. The dog ran far away.', 'en');
  expect(measured).toMatchObject({ sentences: 2, meanSentenceLength: 4, syllablesPerWord: 1.125 });
  expect(measured.readability?.score).toBe(107.6);
});

test('ranks come from the frequency list, most frequent first', () => {
  const ranks = wordRanks('en');
  expect(ranks.get('you')).toBe(1);
  expect(ranks.get('the')).toBe(3);
  expect(ranks.get('bought')).toBe(839);
  expect(ranks.size).toBe(30_000);
});

test('coverage counts words within each band; names and numbers are left out; saved words count as known', () => {
  // "you" 1, "bought" 839, "bikes" 8,320, "zyzzyva" not in the list; "Weiss" is a name, "3" a number.
  const text = 'You bought 3 bikes from Weiss. You bought zyzzyva.';
  const measured = measureText(text, 'en');
  expect(measured).toMatchObject({ words: 7, names: 1, numbers: 1, sentences: 2 });
  // you, bought, from, you, bought are within 3,000; bikes only within 10,000 and 16,000; zyzzyva in none.
  expect(measured.coverage).toEqual({ A1: 0.714, A2: 0.714, B1: 0.714, B2: 0.857, C1: 0.857 });
  const known = measureText(text, 'en', new Set(['zyzzyva']));
  expect(known.coverage.A1).toBe(0.857);
});

test('sentence length, the longest sentence and subordinate clauses are counted per language', () => {
  const english = measureText('I stay because it rains. He left when she came home late.', 'en');
  expect(english).toMatchObject({ sentences: 2, meanSentenceLength: 6, subordinatorsPerSentence: 1 });
  expect(english.longestSentence).toEqual({ text: 'He left when she came home late.', words: 7 });
  const german = measureText('Ich bleibe, weil es regnet. Er sagt, dass er kommt, obwohl es spät ist.', 'de');
  expect(german).toMatchObject({ sentences: 2, subordinatorsPerSentence: 1.5 });
  const spanish = measureText('Me quedo porque llueve.', 'es');
  expect(spanish.subordinatorsPerSentence).toBe(1);
  const french = measureText('Il reste parce qu’il pleut. Elle part quand il arrive.', 'fr');
  // parce qu’il: one clause, opened by the elided qu’; quand: another.
  expect(french.subordinatorsPerSentence).toBe(1);
});

test('German relative and infinitive clauses count as subordinate; commas, rarity and variety are measured', () => {
  // ", der" opens a relative clause and "zu besuchen" an infinitive clause; "das Haus" and "zu meinen" do not.
  const german = measureText(
    'Das ist der Mann, der im Haus wohnt. Ich fahre zu meinen Eltern, um sie zu besuchen.',
    'de',
  );
  expect(german).toMatchObject({ sentences: 2, subordinatorsPerSentence: 1, clauseMarksPerSentence: 1 });
  // Every word differs in a text shorter than the window; a repeated word lowers the variety.
  expect(measureText('The cat sat on a mat.', 'en').lexicalDiversity).toBe(1);
  expect(measureText('The cat saw the cat.', 'en').lexicalDiversity).toBe(0.6);
  // A form the list lacks (a misspelling) leaves the rarity of the listed words as it is, but counts as beyond B1.
  const plain = measureText('We like the house.', 'en');
  const misspelt = measureText('We like the hxouse.', 'en');
  expect(misspelt.listedWordRarity).toBeLessThan(plain.listedWordRarity);
  expect(misspelt.beyondB1Share).toBe(0.25);
});

test('Japanese and Chinese are cut into words by Intl.Segmenter', () => {
  expect(measureText('私は学生です。', 'ja')).toMatchObject({ sentences: 1, meanSentenceLength: 4 });
  expect(tokenize('我喜欢学习。', 'zh').map((t) => t.text)).toEqual(['我', '喜欢', '学习']);
});

test('German compounds missing from the list are words; other capitalised unknowns are names', () => {
  const tokens = tokenize('In Lindenfeld gibt es neue Radwege.', 'de');
  expect(tokens.find((t) => t.text === 'Radwege')?.kind).toBe('word');
  expect(tokens.find((t) => t.text === 'Lindenfeld')?.kind).toBe('word');
  // Ortega is in the German list (rank 20,564), but stands next to a name: part of it.
  expect(tokenize('Tomás Ortega fährt.', 'de').map((t) => t.kind)).toEqual(['name', 'name', 'word']);
});

test('a value maps onto the calibration scale by interpolation, rising or falling', () => {
  const rising = [5, 10, 15, 20, 25, 30];
  expect(scoreOnScale(5, rising)).toBe(1);
  expect(scoreOnScale(12.5, rising)).toBe(2.5);
  expect(scoreOnScale(100, rising)).toBe(6.5);
  expect(scoreOnScale(0, rising)).toBe(0.5);
  expect(scoreOnScale(75, [90, 80, 70, 60, 50, 40])).toBe(2.5);
  // A value on a run of equal points (no rare word from A1 to B1) sits in the middle of the run, at A2.
  expect(scoreOnScale(0, [0, 0, 0, 0.05, 0.1, 0.2])).toBe(2);
  expect(scoreOnScale(0.075, [0, 0, 0, 0.05, 0.1, 0.2])).toBe(4.5);
});

test('a calibration from texts of known level places those texts at their level', () => {
  const texts = [
    ['A1', 'The town has a farm. It is big. People like it.'],
    ['A2', 'The town has built a new farm, and many people like it a lot.'],
    ['B1', 'The town has built a new solar farm that gives power to two thousand homes in the valley.'],
    [
      'B2',
      'The town, which had long debated the plan, has finally built a solar farm that supplies power to two thousand homes.',
    ],
    [
      'C1',
      'Having debated the scheme for years, the town has finally completed a solar farm which, its proponents insist, will supply some two thousand households while lowering their bills considerably.',
    ],
    [
      'C2',
      'After years of acrimonious deliberation, in which sceptics decried the encroachment upon pasture and proponents extolled its fiscal prudence, the municipality has at last inaugurated a photovoltaic installation that, if projections hold, will furnish roughly two thousand households.',
    ],
  ] as const;
  const known = texts.map(([level, text]) => ({ language: 'en' as const, level, text }));
  const calibration = calibrate(known);
  for (const { level, text } of known)
    expect(estimateLevel(measureText(text, 'en'), 'en', calibration).level).toBe(level);
  // Italian has no texts of its own: the pooled scale is used, and the estimate says so.
  expect(estimateLevel(measureText('La città ha una fattoria.', 'it'), 'it', calibration).calibrated).toBe(
    false,
  );
});

test('the committed calibration is the one the measured corpus of known levels gives (npm run calibrate:level)', () => {
  expect(calibrateMeasured(measuredCorpus())).toEqual(CALIBRATION);
});

test('the committed measures of the sample stories are what the measuring code gives now (npm run level:measure)', () => {
  // The sample stories are in the repo, so their lines of measured.jsonl can be checked here; a change to how
  // texts are measured that was not followed by `npm run level:measure` (and a recalibration) fails.
  const committed = measuredCorpus().filter((text) => !isExternal(text));
  expect(committed).toEqual(sampleStoryTexts().map(measureKnownText));
  // The texts levelled by others are there too, measured by the same signals, with no words of theirs.
  const external = measuredCorpus().filter(isExternal);
  expect(new Set(external.map((text) => text.source))).toEqual(new Set(['cefr-sp-wikiauto', 'merlin']));
  for (const text of external) {
    expect(Object.keys(text).sort()).toEqual(['id', 'language', 'level', 'source', 'split', 'values']);
    expect(Object.keys(text.values).every((signal) => (SIGNALS as readonly string[]).includes(signal))).toBe(
      true,
    );
  }
});

test('a language is trusted only where its held-out texts levelled by others met the targets', () => {
  for (const [language, fitted] of Object.entries(CALIBRATION.languages)) {
    if (language === 'pooled') {
      expect(fitted.trusted).toBe(false);
      continue;
    }
    expect([language, fitted.trusted]).toEqual([
      language,
      fitted.heldOut ? isTrusted(fitted.heldOut, fitted.crossValidated) : false,
    ]);
  }
  // ...and where the fit holds on every kind of text it was calibrated on: German meets the held-out targets on
  // MERLIN letters, but the same fit places opad's graded German stories a level too high, so it only reports.
  const german = CALIBRATION.languages.de;
  expect(german?.heldOut?.exact).toBeGreaterThanOrEqual(0.55);
  expect(german?.heldOut && isTrusted(german.heldOut)).toBe(true);
  expect(german?.crossValidated?.['opad-sample-stories']?.exact).toBeLessThan(0.55);
  expect(german?.trusted).toBe(false);
  const met = { texts: 100, levels: 5, exact: 0.6, withinOne: 0.95, ordered: 1 };
  expect(isTrusted(met, { letters: { texts: 200, exact: 0.6, withinOne: 0.95 } })).toBe(true);
  expect(isTrusted(met, { stories: { texts: 12, exact: 0.3, withinOne: 0.8 } })).toBe(false);
  // A source too small to judge on its own does not decide.
  expect(isTrusted(met, { stories: { texts: 6, exact: 0.3, withinOne: 0.8 } })).toBe(true);
  // Spanish and French have only opad's own sample stories: no external levelled text, so report only.
  expect(CALIBRATION.languages.es?.heldOut?.texts).toBe(0);
  expect(estimateLevel(measureText('El pueblo tiene una granja.', 'es'), 'es').trusted).toBe(false);
  // Portuguese, Japanese, Chinese and Korean have no texts at all: the pooled scale, never trusted.
  for (const language of ['pt', 'ja', 'zh', 'ko'] as const)
    expect(estimateLevel(measureText('x', language), language)).toMatchObject({
      calibrated: false,
      trusted: false,
    });
});

/** Six-sentence A1 texts (self-introduction and a day), as a beginner's textbook writes them. */
const A1_TEXTS = {
  ja: '私は田中です。学生です。毎朝七時に起きます。朝ご飯を食べます。学校へ行きます。友達と話します。',
  zh: '我叫小明。我是学生。我每天七点起床。我吃早饭。我去学校。我和朋友说话。',
  ko: '저는 민수입니다. 저는 학생입니다. 매일 일곱 시에 일어나요. 아침을 먹어요. 학교에 가요. 친구와 이야기해요.',
} as const;

test('Japanese, Chinese and Korean A1 texts measure A1–B1, not C2', () => {
  for (const [language, text] of Object.entries(A1_TEXTS) as Array<[keyof typeof A1_TEXTS, string]>) {
    const { level } = estimateLevel(measureText(text, language), language);
    expect([language, level]).not.toEqual([language, 'C2']);
    expect([language, levelRank(level) <= levelRank('B1')]).toEqual([language, true]);
  }
});

test('words the segmenter cuts differently from the lists are found: particles, kana endings, Korean endings', () => {
  const ranks = (text: string, language: 'ja' | 'zh' | 'ko') =>
    Object.fromEntries(tokenize(text, language).map((t) => [t.text, t.rank]));
  const japanese = ranks('私は七時に学校へ行きます。', 'ja');
  // は, へ and ます are grammar the Japanese list leaves out; 時に (as the segmenter cuts it) is the listed 時
  // with the particle に.
  expect(japanese).toMatchObject({ は: GRAMMAR_RANK, へ: GRAMMAR_RANK, ます: GRAMMAR_RANK });
  expect(wordRanks('ja').has('時に')).toBe(false);
  expect(japanese.時に).toBe(wordRanks('ja').get('時'));
  // 학생입니다 ("am a student") is 학생 with the copula ending 입니다.
  expect(wordRanks('ko').has('학생입니다')).toBe(false);
  expect(ranks('저는 학생입니다.', 'ko').학생입니다).toBe(wordRanks('ko').get('학생'));
  // Every word of a plain Chinese A1 sentence is ranked.
  expect(Object.values(ranks('我和朋友说话。', 'zh')).every((rank) => rank !== undefined)).toBe(true);
});

test('a report-only language is never sent back and marks no word rare', () => {
  // French has no held-out text levelled by others (data/level-corpus/README.md), so it is report only.
  expect(CALIBRATION.languages.fr?.trusted).toBe(false);
  const french =
    "La commune a inauguré une installation photovoltaïque dont l'ampleur inédite, nonobstant les objections " +
    'véhémentes des groupements agricoles, a suscité un engouement considérable, bien que des sceptiques ' +
    "déplorent l'empiètement sur les pâturages et la diminution concomitante des surfaces cultivables.";
  const report = checkText(french, 'fr', 'A1');
  expect(report).toMatchObject({ verdict: 'report-only', trusted: false, outOfBand: [] });
  expect(report.score).toBeGreaterThan(2.5);
  expect(report.drivers.length).toBeGreaterThan(0);
  expect(verdictFor(6, 'A1', false)).toBe('report-only');
  // English is trusted: the same kind of text is too hard, with its rare words.
  const english = checkText(TOO_HARD, 'en', 'B1');
  expect(english).toMatchObject({ verdict: 'too-hard', trusted: true });
  expect(english.outOfBand.map((w) => w.word)).toEqual(expect.arrayContaining(['photovoltaic']));
});

test('the evidence names what drove the verdict in plain words', () => {
  const report = checkText(TOO_HARD, 'en', 'B1');
  expect(report.drivers).toEqual(
    expect.arrayContaining([expect.stringMatching(/^\d+ % of words are beyond the B1 word band \(C\d\)$/)]),
  );
  expect(
    report.drivers.some((d) => /^sentences average \d+ words; the longest has \d+ \([ABC]\d\)$/.test(d)),
  ).toBe(true);
});

test('coverage per language counts the ranks of the frequency list (hand-looked-up)', () => {
  // ich 1, habe 39, ein 15, Fahrrad 3,640: within 4,000 but not 3,000.
  expect(measureText('Ich habe ein Fahrrad.', 'de').coverage).toMatchObject({ A1: 0.75, A2: 1 });
  // tengo 51, una 15, en and el under 100, bicicleta 3,371, carril 14,619.
  expect(measureText('Tengo una bicicleta en el carril.', 'es').coverage).toEqual({
    A1: 0.667,
    A2: 0.833,
    B1: 0.833,
    B2: 0.833,
    C1: 1,
  });
  // J'ai is ranked as "ai" (28), as the list counts it; "cyclable" is not among the 30,000 forms.
  expect(measureText('J’ai un vélo sur la piste cyclable.', 'fr').coverage.C1).toBe(0.857);
});
