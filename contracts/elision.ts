import type { Language } from './article-request';

/** French and Italian elide articles, pronouns and conjunctions into the next word: l'école, qu'il, dell'arte. */
const ELISION: Partial<Record<Language, RegExp>> = {
  fr: /^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\p{L})/iu,
  it: /^(l|d|un|dell|all|dall|nell|sull|quell|bell|sant|c)['’](?=\p{L})/iu,
};

/** A word split into its elided prefix (as written, without the apostrophe) and the word it was joined to. */
export function withoutElision(word: string, language: Language): { prefix?: string; stem: string } {
  const match = ELISION[language]?.exec(word);
  if (!match) return { stem: word };
  return { prefix: match[1] as string, stem: word.slice(match[0].length) };
}
