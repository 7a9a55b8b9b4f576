import type { CefrLevel, Language } from '../../contracts/article-request';

/** The espeak-ng voice for each language opad writes in. */
export const ESPEAK_VOICES: Record<Language, string> = {
  en: 'en-us',
  de: 'de',
  es: 'es',
  fr: 'fr-fr',
  it: 'it',
  pt: 'pt-br',
  ko: 'ko',
  ja: 'ja',
  zh: 'cmn',
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
