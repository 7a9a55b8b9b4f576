import type { SentenceTiming } from '../../contracts/narration';

/** Blocks whose text is read out; the source block (a blockquote) is not. */
const SPOKEN_BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li';

interface Position {
  node: Text;
  offset: number;
}

/**
 * One character for another, so the page's text and a sentence copied from it compare equal whatever quotes each
 * used; one for one, so a character's place in the folded text still says where it stands in the page.
 */
const foldChar = (char: string) =>
  /\s/.test(char) ? ' ' : /[“”„«»]/.test(char) ? '"' : /[‘’‚]/.test(char) ? "'" : char;

/** A sentence folded as the page's text is: quotes unified, runs of white space one space, ends trimmed. */
const foldSentence = (text: string) => Array.from(text, foldChar).join('').replace(/ +/g, ' ').trim();

/** The reader's spoken text with runs of white space folded, and where each character stands in the page. */
function foldedText(root: HTMLElement): { text: string; at: Position[] } {
  let text = '';
  const at: Position[] = [];
  const blocks = [...root.querySelectorAll<HTMLElement>(SPOKEN_BLOCKS)].filter(
    (block) => !block.closest('blockquote') && !block.parentElement?.closest(SPOKEN_BLOCKS),
  );
  for (const block of blocks) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let offset = 0; offset < node.data.length; offset++) {
        const char = foldChar(node.data[offset] as string);
        if (char === ' ' && (text.endsWith(' ') || text === '')) continue;
        text += char;
        at.push({ node, offset });
      }
    }
    if (!text.endsWith(' ') && text !== '') {
      text += ' ';
      at.push(at.at(-1) as Position);
    }
  }
  return { text, at };
}

/** The DOM range of `wanted` (already folded) in the folded text, searched from `cursor`, and where it ends. */
function rangeOf(folded: { text: string; at: Position[] }, wanted: string, cursor: number) {
  const start = wanted ? folded.text.indexOf(wanted, cursor) : -1;
  if (start < 0) return undefined;
  const first = folded.at[start] as Position;
  const last = folded.at[start + wanted.length - 1] as Position;
  const range = document.createRange();
  range.setStart(first.node, first.offset);
  range.setEnd(last.node, last.offset + 1);
  return { range, end: start + wanted.length };
}

/**
 * Finds each narrated sentence in the reader, in order, as a DOM range the page can highlight. A sentence the
 * page does not show as the narration spoke it gets no range; the others still line up.
 */
export function sentenceRanges(root: HTMLElement, sentences: SentenceTiming[]): Array<Range | undefined> {
  const folded = foldedText(root);
  let cursor = 0;
  return sentences.map((sentence) => {
    const found = rangeOf(folded, foldSentence(sentence.text), cursor);
    if (!found) return undefined;
    cursor = found.end;
    return found.range;
  });
}

/** The first place the reader shows `sentence` (a question's supporting sentence), as a DOM range. */
export function sentenceRange(root: HTMLElement, sentence: string): Range | undefined {
  return rangeOf(foldedText(root), foldSentence(sentence), 0)?.range;
}

/** The sentence whose time span holds `seconds`; the last one past the end. */
export function sentenceAtTime(sentences: SentenceTiming[], seconds: number): number {
  const index = sentences.findIndex((sentence) => seconds < sentence.end);
  return index < 0 ? sentences.length - 1 : index;
}
