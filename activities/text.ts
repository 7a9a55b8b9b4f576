/** Words as a reader counts them; Intl.Segmenter also splits Chinese and Japanese, which use no spaces. */
export function countWords(text: string, language: string): number {
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  let count = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) count++;
  return count;
}

/**
 * The lemmas a text uses. Without a lemmatizer, an inflected form counts when it is the lemma plus a short
 * ending (farm → farms, Haus → Hauses); Chinese and Japanese match by substring.
 */
/** Where draft keeps the due words it offered: beside the vocabulary it offered. */
export const dueKeyOf = (vocabularyKey: string) => vocabularyKey.replace(/vocabulary\.json$/, 'due.json');

export function lemmasUsed(text: string, lemmas: string[], language: string): string[] {
  const lower = text.toLocaleLowerCase(language);
  if (language === 'zh' || language === 'ja')
    return lemmas.filter((lemma) => lower.includes(lemma.toLocaleLowerCase(language)));
  const tokens = new Set<string>();
  for (const segment of new Intl.Segmenter(language, { granularity: 'word' }).segment(lower)) {
    if (segment.isWordLike) tokens.add(segment.segment);
  }
  return lemmas.filter((lemma) => {
    const target = lemma.toLocaleLowerCase(language);
    if (tokens.has(target)) return true;
    if (target.length < 3) return false;
    for (const token of tokens)
      if (token.startsWith(target) && token.length - target.length <= 3) return true;
    return false;
  });
}
