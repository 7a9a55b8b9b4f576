import fs from 'node:fs';
import zlib from 'node:zlib';
import { openOfflineDictionary } from '.';
import { openDictd } from './dictd';
import { parseFreedictEntry, parseFreedictJapaneseEntry, parseWordnetEntry } from './entries';
import { candidateForms } from './forms';

// Debian's files, installed by `npm run tools` (npm test runs it first).
const DICTD = '/usr/share/dictd';

test('every entry read through dictzip chunks equals the same bytes of the fully inflated file', async () => {
  const base = `${DICTD}/freedict-fra-eng`;
  const whole = zlib.gunzipSync(fs.readFileSync(`${base}.dict.dz`));
  const dictionary = openDictd(base);
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const decode = (text: string) => [...text].reduce((n, digit) => n * 64 + digits.indexOf(digit), 0);
  const lines = fs.readFileSync(`${base}.index`, 'utf8').split('\n').filter(Boolean);
  let checked = 0;
  for (const line of lines) {
    const [headword, offset, length] = line.split('\t') as [string, string, string];
    const expected = whole.subarray(decode(offset), decode(offset) + decode(length)).toString('utf8');
    expect(await dictionary.entries(headword)).toContain(expected);
    checked++;
  }
  expect(checked).toBeGreaterThan(8_000);
});

test('a headword is found by binary search in the sorted index, whatever its case; others are not', async () => {
  const german = openDictd(`${DICTD}/freedict-deu-eng`);
  expect(await german.has('Aal')).toBe(true);
  expect(await german.has('fahren')).toBe(true);
  expect((await german.entries('STADT')).length).toBeGreaterThanOrEqual(2);
  expect(await german.has('zzzzzz')).toBe(false);
});

test('FreeDict entries give the head line, each meaning and its examples, without cross-references', () => {
  const entry = [
    'Fahrrad /fˈɑːrɑːt/ <neut, n, sg>',
    'bicycle <n>, pedal cycle <n>, bike <n> [coll.]',
    '      "sich auf sein Fahrrad schwingen"  - hop on your bicycle',
    '   Synonyms: {Rad}, {Radl}',
    '',
    ' see: {Fahrräder}',
    '',
  ].join('\n');
  expect(parseFreedictEntry(entry)).toEqual([
    {
      headword: 'Fahrrad',
      ipa: 'fˈɑːrɑːt',
      partOfSpeech: 'noun',
      gender: 'neuter',
      meaning: 'bicycle, pedal cycle, bike [coll.]',
      examples: ['sich auf sein Fahrrad schwingen — hop on your bicycle'],
    },
  ]);
  expect(parseFreedictEntry('casa /kˈaza/\n1. house\n2. home\n').map((s) => s.meaning)).toEqual([
    'house',
    'home',
  ]);
});

test('WordNet entries give one sense per numbered gloss, with its part of speech and quoted examples', () => {
  const entry = [
    'bicycle',
    '    n 1: a wheeled vehicle that has two wheels and is moved by foot',
    '         pedals [syn: {bicycle}, {bike}]',
    '    v 1: ride a bicycle; "he bicycled to work" [syn: {cycle}]',
  ].join('\n');
  expect(parseWordnetEntry(entry)).toEqual([
    {
      headword: 'bicycle',
      partOfSpeech: 'noun',
      gender: null,
      ipa: null,
      meaning: 'a wheeled vehicle that has two wheels and is moved by foot pedals',
      examples: [],
    },
    {
      headword: 'bicycle',
      partOfSpeech: 'verb',
      gender: null,
      ipa: null,
      meaning: 'ride a bicycle',
      examples: ['he bicycled to work'],
    },
  ]);
});

test('Japanese entries give the kana reading and the meanings after each grammar line', () => {
  const entry =
    ' [ichi1]  自転車 /x/,  [ichi1]  じてんしゃ /dʑite/\n(noun (common) (futsuumeishi))\nbicycle\n';
  expect(parseFreedictJapaneseEntry(entry, '自転車')).toEqual([
    {
      headword: '自転車',
      partOfSpeech: 'noun',
      gender: null,
      ipa: 'じてんしゃ',
      meaning: 'bicycle',
      examples: [],
    },
  ]);
});

test('candidate base forms undo common endings, umlauts, participles and elision', () => {
  expect(candidateForms('Fahrräder', 'de')).toContain('Fahrrad');
  expect(candidateForms('gefahren', 'de')).toContain('fahren');
  expect(candidateForms("l'école", 'fr')).toContain('école');
  expect(candidateForms('bicycles', 'en')).toContain('bicycle');
  expect(candidateForms('trenes', 'es')).toContain('tren');
  expect(candidateForms('カメラ', 'ja')).toEqual(['カメラ']);
});

test('a look-up tries the word, then its candidate forms; a missing language or file is reported as such', async () => {
  const dictionary = openOfflineDictionary(DICTD);
  expect(await dictionary.lookUp('trenes', 'es')).toMatchObject({ kind: 'found', lemma: 'tren' });
  expect(await dictionary.lookUp('Wörterbuchxyz', 'de')).toMatchObject({ kind: 'no-entry' });
  expect(await dictionary.lookUp('사전', 'ko')).toEqual({ kind: 'no-dictionary' });
  const empty = openOfflineDictionary(fs.mkdtempSync('/tmp/opad-no-dictd-'));
  expect(await empty.lookUp('Haus', 'de')).toMatchObject({
    kind: 'not-installed',
    source: { package: 'dict-freedict-deu-eng' },
  });
});

test('a real entry of every installed dictionary parses into meanings', async () => {
  const dictionary = openOfflineDictionary(DICTD);
  const cases = [
    ['Haus', 'de', 'house'],
    ['maison', 'fr', 'house'],
    ['casa', 'es', 'house'],
    ['casa', 'it', 'house'],
    ['casa', 'pt', 'house'],
    ['家', 'ja', 'house'],
    ['house', 'en', 'a dwelling that serves as living quarters'],
  ] as const;
  for (const [word, language, meaning] of cases) {
    const result = await dictionary.lookUp(word, language);
    expect(result.kind === 'found' && result.senses.map((s) => s.meaning).join(' | ')).toContain(meaning);
  }
});

test('common words meet neither abbreviations nor unrelated headwords; irregular forms find their verb', async () => {
  const dictionary = openOfflineDictionary(DICTD);
  const meanings = async (word: string, language: Parameters<typeof dictionary.lookUp>[1]) => {
    const result = await dictionary.lookUp(word, language);
    return result.kind === 'found' ? { lemma: result.lemma, senses: result.senses } : result.kind;
  };
  // WordNet has only IT and US (abbreviations) for these: the model answers instead.
  expect(await meanings('it', 'en')).toBe('no-entry');
  expect(await meanings('us', 'en')).toBe('no-entry');
  const was = await meanings('was', 'en');
  expect(was).toMatchObject({ lemma: 'be' });
  expect(typeof was !== 'string' && was.senses.every((s) => s.partOfSpeech === 'verb')).toBe(true);
  expect(await meanings("c'est", 'fr')).toMatchObject({ lemma: 'être', senses: [{ meaning: 'be' }] });
  expect(await meanings('Gärten', 'de')).toMatchObject({ lemma: 'Garten' });
  expect(await meanings('man', 'de')).toMatchObject({ lemma: 'man', senses: [{ meaning: 'one, you, we' }] });
  // FreeDict's keys drop apostrophes and hyphens.
  expect(await meanings('aujourd’hui', 'fr')).toMatchObject({ senses: [{ meaning: 'today' }] });
  expect(await meanings('E-Mail', 'de')).toMatchObject({ lemma: 'E-Mail' });
  // An abbreviation in brackets after the pronunciation, and tags inside a meaning, stay out of the text.
  const street = await meanings('Straße', 'de');
  expect(street).toMatchObject({
    lemma: 'Straße',
    senses: expect.arrayContaining([
      expect.objectContaining({ headword: 'Straße', ipa: 'ʃtɾˈɑːsə', meaning: 'street St' }),
    ]),
  });
});
