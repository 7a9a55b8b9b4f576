/** Word and sentence boundaries by Intl.Segmenter, which also splits Chinese and Japanese text into words. */
export interface Segment {
  text: string;
  isWord: boolean;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(language: string, granularity: 'word' | 'sentence'): Intl.Segmenter {
  const key = `${language}/${granularity}`;
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(language, { granularity });
    segmenters.set(key, found);
  }
  return found;
}

/** The text cut into words and what lies between them; joined back, the segments give the text unchanged. */
export function segmentWords(text: string, language: string): Segment[] {
  return Array.from(segmenter(language, 'word').segment(text), (part) => ({
    text: part.segment,
    isWord: part.isWordLike === true,
  }));
}

/** The sentence that holds the character at `offset`, trimmed. */
export function sentenceAt(text: string, offset: number, language: string): string {
  for (const part of segmenter(language, 'sentence').segment(text)) {
    if (offset >= part.index && offset < part.index + part.segment.length) return part.segment.trim();
  }
  return text.trim();
}

/** How saved words are matched in the text: case-insensitive, in the article's language. */
export function wordKey(word: string, language: string): string {
  return word.normalize('NFC').toLocaleLowerCase(language);
}
