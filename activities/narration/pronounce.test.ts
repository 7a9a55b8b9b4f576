import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../config/env';
import { spokenText } from './pronounce';
import { ESPEAK_VOICES } from './voices';

/** espeak-ng's phonemes for a text (-x), without speaking it (-q): what the learner would hear, in writing. */
const phonemes = (text: string, voice: string) =>
  execFileSync(loadConfig().narration.espeak, ['-v', voice, '-q', '-x'], { input: text }).toString('utf8');

/** "Chinese letter", as espeak-ng switches to English to say it for a character its voice cannot read. */
const CHINESE_LETTER = /tS'aIni:z.*l'et@/;

const JAPANESE = [
  'ミルブルックの町は二つの太陽光発電所を建設しています。',
  '東京へ行く電車は、朝七時に出発します。',
  '山田市長は「電気代が安くなる」と話しました。',
];

test('a Japanese sentence with kanji is read as kana: no "Chinese letter" is spoken', async () => {
  for (const sentence of JAPANESE) {
    // As written, the ja voice says "Chinese letter" for every kanji.
    expect(phonemes(sentence, ESPEAK_VOICES.ja)).toMatch(CHINESE_LETTER);
    const kana = await spokenText(sentence, 'ja');
    expect(kana).not.toMatch(/\p{Script=Han}/u);
    const spoken = phonemes(kana, ESPEAK_VOICES.ja);
    expect({ sentence, spoken }).toEqual({ sentence, spoken: expect.not.stringMatching(CHINESE_LETTER) });
    // Nothing is read in English at all: every word is Japanese.
    expect({ sentence, spoken }).toEqual({ sentence, spoken: expect.not.stringContaining('(en)') });
  }
});

test('the kana are the pronunciation, phrase by phrase: particles as said (へ as エ), long vowels kept', async () => {
  expect(await spokenText('東京へ行きます。', 'ja')).toBe('トーキョーエ イキマス。');
  expect(await spokenText('ミルブルックの町は二つの太陽光発電所を建設しています。', 'ja')).toBe(
    'ミルブルックノ マチワ フタツノ タイヨーコー ハツデンショヲ ケンセツシテイマス。',
  );
});

test('Mandarin is read as Mandarin syllables, not as pinyin spelt out in English', async () => {
  const sentence = '米尔布鲁克镇正在建设两座太阳能发电场。';
  expect(await spokenText(sentence, 'zh')).toBe(sentence);
  // Debian's plain cmn voice reads 米 as "mi three", in English.
  expect(phonemes(sentence, 'cmn')).toContain('(en)');
  expect(phonemes(sentence, ESPEAK_VOICES.zh)).not.toContain('(en)');
});

test('hanja in Korean text are left out rather than read as "Chinese letter"', async () => {
  const spoken = await spokenText('한국어 漢字 공부', 'ko');
  expect(spoken).toBe('한국어 공부');
  expect(phonemes(spoken, ESPEAK_VOICES.ko)).not.toMatch(CHINESE_LETTER);
});

test('other languages are spoken as written', async () => {
  expect(await spokenText('Der Zug fährt um 22 Uhr ab.', 'de')).toBe('Der Zug fährt um 22 Uhr ab.');
});
