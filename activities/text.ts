/** Words as a reader counts them; Intl.Segmenter also splits Chinese and Japanese, which use no spaces. */
export function countWords(text: string, language: string): number {
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  let count = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) count++;
  return count;
}
