import type { Language } from '../../contracts/article-request';

/** Spanish, Italian and Portuguese: two strong vowels side by side are two syllables (le-er, po-e-ta, dí-a). */
const STRONG = /[aeoáéíóúàèìòùâêôãõ]/;

function romanceSyllables(word: string, vowels: RegExp): number {
  let count = 0;
  for (const group of word.match(vowels) ?? []) {
    count++;
    for (let i = 1; i < group.length; i++)
      if (STRONG.test(group[i - 1] as string) && STRONG.test(group[i] as string)) count++;
  }
  return count;
}

/**
 * Syllables of one lower-case word by a rule per language: vowel groups, with each language's diphthongs and
 * silent endings. Good to about one syllable in ten, which is what readability formulas need.
 */
export function countSyllables(word: string, language: Language): number {
  const w = word.toLocaleLowerCase(language);
  let count: number;
  switch (language) {
    case 'en': {
      if (w.length <= 3) return 1;
      // Silent endings (made, shoes, jumped) and a leading consonant y (yes), as in the common English rule.
      const stem = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
      count = stem.match(/[aeiouy]{1,2}/g)?.length ?? 0;
      break;
    }
    case 'de':
      count = w.match(/äu|au|ai|ei|eu|ie|aa|ee|oo|[aeiouyäöü]/g)?.length ?? 0;
      break;
    case 'fr': {
      // A final e or es is silent (porte, portes) once the word has another vowel.
      const stem = w.replace(/(?<=[aeiouyàâéèêëîïôûù].*[^aeiouy])es?$/, '');
      count = stem.match(/[aeiouyàâäéèêëîïôöûùüœæ]+/g)?.length ?? 0;
      break;
    }
    case 'es':
      count = romanceSyllables(w, /[aeiouáéíóúü]+/g);
      break;
    case 'it':
      count = romanceSyllables(w, /[aeiouàèéìíòóùú]+/g);
      break;
    case 'pt':
      count = romanceSyllables(w, /[aeiouáâãàéêíóôõúü]+/g);
      break;
    default:
      // Korean, Japanese and Chinese: one syllable per character (hangul block, kana, hanzi).
      count = [...w].length;
  }
  return Math.max(1, count);
}
