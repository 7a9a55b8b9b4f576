import type { CefrLevel, Language } from '../../contracts/article-request';

/**
 * The espeak-ng voice for each language opad writes in. Mandarin uses cmn-latn-pinyin: Debian's plain `cmn`
 * voice spells each character's pinyin in English, tone digits included ("mi three"), while this one reads
 * the same pinyin as Mandarin syllables with their tones.
 */
export const ESPEAK_VOICES: Record<Language, string> = {
  en: 'en-us',
  de: 'de',
  es: 'es',
  fr: 'fr-fr',
  it: 'it',
  pt: 'pt-br',
  ko: 'ko',
  ja: 'ja',
  zh: 'cmn-latn-pinyin',
};

/** Words per minute: slower for beginners (espeak-ng's own default is 175); the player's speed control adds to it. */
export const WORDS_PER_MINUTE: Record<CefrLevel, number> = {
  A1: 130,
  A2: 140,
  B1: 150,
  B2: 160,
  C1: 170,
  C2: 175,
};

/**
 * What the learner should know about a voice before trusting it as a model of pronunciation: shown on the
 * player. Languages without an entry get espeak-ng's usual robotic but faithful reading.
 */
export const VOICE_CAVEATS: Partial<Record<Language, string>> = {
  ja:
    'Japanese is read by espeak-ng from kana: a dictionary (kuromoji) gives each kanji word its reading, so ' +
    'names and rare words may be misread, and the voice has no pitch accent. Listen for rhythm and kana, not ' +
    'as a model of pronunciation.',
  zh:
    'Mandarin is read by espeak-ng one syllable at a time, with tones but a robotic voice; a character with ' +
    'two readings may get the wrong one.',
  ko: 'Korean is read by espeak-ng, a robotic voice; hanja in the text are left out.',
};

export interface Voice {
  language: Language;
  name: string;
  wordsPerMinute: number;
}

/** The voice an article in `language` at `level` is read with. */
export const voiceFor = (language: Language, level: CefrLevel): Voice => ({
  language,
  name: ESPEAK_VOICES[language],
  wordsPerMinute: WORDS_PER_MINUTE[level],
});
