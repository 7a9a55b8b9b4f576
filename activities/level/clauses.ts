import type { Language } from '../../contracts/article-request';
import type { WordToken } from './measure';

/** Words that open a subordinate or relative clause; ambiguous ones (that, que) count, so this is a rate, not a parse. */
const SUBORDINATORS: Partial<Record<Language, string[]>> = {
  en: [
    'because',
    'although',
    'though',
    'while',
    'whereas',
    'since',
    'unless',
    'that',
    'which',
    'who',
    'whom',
    'whose',
    'when',
    'where',
    'if',
    'whether',
    'until',
    'after',
    'before',
  ],
  de: [
    'weil',
    'dass',
    'ob',
    'wenn',
    'als',
    'obwohl',
    'während',
    'nachdem',
    'bevor',
    'damit',
    'sodass',
    'falls',
    'welche',
    'welcher',
    'welches',
    'welchen',
    'wodurch',
    'womit',
    'wobei',
    'indem',
    'seit',
    'sobald',
  ],
  es: [
    'que',
    'porque',
    'aunque',
    'cuando',
    'donde',
    'si',
    'mientras',
    'cuyo',
    'cuya',
    'cuyos',
    'cuyas',
    'quien',
    'quienes',
    'cual',
    'cuales',
    'pues',
  ],
  fr: [
    'que',
    'qu',
    'qui',

    'quand',
    'lorsque',
    'lorsqu',
    'si',
    'puisque',
    'puisqu',
    'dont',
    'où',
    'lequel',
    'laquelle',
    'lesquels',
    'lesquelles',
    'quoique',
  ],
  it: ['che', 'perché', 'quando', 'se', 'mentre', 'sebbene', 'benché', 'dove', 'cui', 'quale', 'quali'],
  pt: ['que', 'porque', 'quando', 'se', 'embora', 'enquanto', 'onde', 'cujo', 'cuja', 'quem', 'qual'],
};

/** German relative pronouns: after a comma (which German requires before every relative clause) they open one. */
const GERMAN_RELATIVES = new Set(['der', 'die', 'das', 'dem', 'den', 'deren', 'dessen', 'denen']);

/** Words after "zu" that end like an infinitive but are not one: determiners and pronouns (zu meinen Eltern). */
const NOT_INFINITIVES = new Set([
  'den',
  'einen',
  'meinen',
  'deinen',
  'seinen',
  'ihren',
  'unseren',
  'euren',
  'keinen',
  'allen',
  'diesen',
  'jenen',
  'welchen',
  'vielen',
  'wenigen',
  'anderen',
  'beiden',
  'ihnen',
]);

/** "zu" before an infinitive (zu lernen, um zu helfen): an infinitive clause, which German also sets off. */
const isGermanInfinitiveClause = (token: WordToken, next: WordToken | undefined) =>
  token.form === 'zu' &&
  next !== undefined &&
  next.kind === 'word' &&
  /^\p{Ll}/u.test(next.text) &&
  /(?:en|ern|eln)$/u.test(next.form) &&
  !NOT_INFINITIVES.has(next.form);

export const hasSubordinators = (language: Language) => (SUBORDINATORS[language]?.length ?? 0) > 0;

/**
 * Subordinate clauses one sentence opens: a word from the list (or an elided one, qu'il), and in German also a
 * relative pronoun right after a comma and an infinitive with "zu", the two clauses the conjunction list cannot
 * see. A rate, not a parse.
 */
export function subordinateClauses(tokens: WordToken[], language: Language): number {
  const subordinators = new Set(SUBORDINATORS[language] ?? []);
  let clauses = 0;
  tokens.forEach((token, i) => {
    if (subordinators.has(token.form) || (token.prefix && subordinators.has(token.prefix))) clauses++;
    else if (language === 'de' && token.afterComma && GERMAN_RELATIVES.has(token.form)) clauses++;
    else if (language === 'de' && isGermanInfinitiveClause(token, tokens[i + 1])) clauses++;
  });
  return clauses;
}
