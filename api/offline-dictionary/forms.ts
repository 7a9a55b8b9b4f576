import type { Language } from '../../contracts/article-request';
import { withoutElision } from '../../contracts/elision';
import { irregularLemma } from './irregular';

/** [ending, replacement]: a word ending in `ending` may be an inflected form of the word ending in `replacement`. */
type Rule = [string, string];

/**
 * Candidate base forms by inflection ending. They over-generate on purpose: a candidate counts only when the
 * dictionary has it as a headword, so the dictionary's own forms decide (FreeDict German also lists many
 * inflected forms, such as "Häuser" and "fuhr", as headwords of their own).
 */
const RULES: Partial<Record<Language, Rule[]>> = {
  // WordNet's morphy rules (nouns, verbs, adjectives), as in WordNet's own morphological processor.
  en: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  de: [
    ['e', ''],
    ['en', ''],
    ['n', ''],
    ['er', ''],
    ['ern', ''],
    ['es', ''],
    ['s', ''],
    ['em', ''],
    ['st', 'en'],
    ['t', 'en'],
    ['et', 'en'],
    ['te', 'en'],
    ['ten', 'en'],
    ['test', 'en'],
    ['tet', 'en'],
    ['e', 'en'],
    ['st', ''],
    ['end', 'en'],
    ['ere', ''],
    ['eren', ''],
    ['erer', ''],
    ['ste', ''],
    ['sten', ''],
  ],
  fr: [
    ['s', ''],
    ['x', ''],
    ['aux', 'al'],
    ['e', ''],
    ['es', ''],
    ['ée', 'er'],
    ['ées', 'er'],
    ['és', 'er'],
    ['é', 'er'],
    ['ent', 'er'],
    ['ons', 'er'],
    ['ez', 'er'],
    ['ait', 'er'],
    ['aient', 'er'],
    ['ais', 'er'],
    ['era', 'er'],
    ['eront', 'er'],
    ['a', 'er'],
    ['issent', 'ir'],
    ['issons', 'ir'],
    ['it', 'ir'],
    ['i', 'ir'],
    ['ie', 'ir'],
    ['ent', 're'],
    ['ait', 're'],
    ['u', 're'],
    ['ue', 're'],
    ['euse', 'eur'],
    ['ive', 'if'],
    ['elle', 'el'],
    ['enne', 'en'],
  ],
  es: [
    ['s', ''],
    ['es', ''],
    ['a', 'o'],
    ['as', 'o'],
    ['ces', 'z'],
    ['ó', 'ar'],
    ['aba', 'ar'],
    ['aban', 'ar'],
    ['ando', 'ar'],
    ['ado', 'ar'],
    ['ada', 'ar'],
    ['ados', 'ar'],
    ['adas', 'ar'],
    ['an', 'ar'],
    ['amos', 'ar'],
    ['a', 'ar'],
    ['ió', 'er'],
    ['ió', 'ir'],
    ['ía', 'er'],
    ['ía', 'ir'],
    ['ían', 'er'],
    ['ían', 'ir'],
    ['iendo', 'er'],
    ['iendo', 'ir'],
    ['ido', 'er'],
    ['ido', 'ir'],
    ['ida', 'er'],
    ['ida', 'ir'],
    ['en', 'er'],
    ['en', 'ir'],
    ['e', 'er'],
    ['e', 'ir'],
    ['emos', 'er'],
    ['imos', 'ir'],
  ],
  it: [
    ['i', 'o'],
    ['i', 'e'],
    ['e', 'a'],
    ['a', 'o'],
    ['ato', 'are'],
    ['ata', 'are'],
    ['ava', 'are'],
    ['ano', 'are'],
    ['ando', 'are'],
    ['uto', 'ere'],
    ['eva', 'ere'],
    ['ono', 'ere'],
    ['endo', 'ere'],
    ['ito', 'ire'],
    ['iva', 'ire'],
    ['ono', 'ire'],
  ],
  pt: [
    ['s', ''],
    ['ões', 'ão'],
    ['ães', 'ão'],
    ['is', 'l'],
    ['a', 'o'],
    ['as', 'o'],
    ['ou', 'ar'],
    ['ava', 'ar'],
    ['ando', 'ar'],
    ['ado', 'ar'],
    ['ada', 'ar'],
    ['am', 'ar'],
    ['a', 'ar'],
    ['eu', 'er'],
    ['ia', 'er'],
    ['endo', 'er'],
    ['ido', 'er'],
    ['em', 'er'],
    ['e', 'er'],
    ['iu', 'ir'],
    ['ia', 'ir'],
    ['indo', 'ir'],
    ['ido', 'ir'],
    ['e', 'ir'],
  ],
};

const UMLAUTS: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', Ä: 'A', Ö: 'O', Ü: 'U' };

/** Shorter candidates match abbreviations and particles (was → WA, man → MA), not base forms. */
const MIN_CANDIDATE = 3;

/**
 * The word, then its candidate base forms, most likely first and without repeats: a frequent irregular form's
 * lemma comes first, then the word, then forms by ending rules.
 */
export function candidateForms(word: string, language: Language): string[] {
  const stripped = withoutElision(word, language).stem;
  const irregular = irregularLemma(stripped, language);
  const candidates = [...(irregular ? [irregular] : []), word, stripped];
  for (const [ending, replacement] of RULES[language] ?? []) {
    if (stripped.length > ending.length + 1 && stripped.endsWith(ending))
      candidates.push(stripped.slice(0, -ending.length) + replacement);
  }
  if (language === 'de') {
    // Participles (gefahren, gekauft) and plurals with an umlaut (Häuser, Städte).
    const participle = stripped.match(/^ge(.{3,}?)(?:et|t|en)$/);
    if (participle) candidates.push(`${participle[1]}en`);
    const plain = candidates.map((form) => form.replace(/[äöüÄÖÜ]/g, (c) => UMLAUTS[c] as string));
    candidates.push(...plain);
  }
  return [...new Set(candidates)].filter((form, index) => index === 0 || form.length >= MIN_CANDIDATE);
}
