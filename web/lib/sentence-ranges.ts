import type { SentenceTiming } from '../../contracts/narration';

/** Blocks whose text is read out; the source block (a blockquote) is not. */
const SPOKEN_BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li';

interface Position {
  node: Text;
  offset: number;
}

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
        const char = /\s/.test(node.data[offset] as string) ? ' ' : (node.data[offset] as string);
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

/**
 * Finds each narrated sentence in the reader, in order, as a DOM range the page can highlight. A sentence the
 * page does not show as the narration spoke it gets no range; the others still line up.
 */
export function sentenceRanges(root: HTMLElement, sentences: SentenceTiming[]): Array<Range | undefined> {
  const { text, at } = foldedText(root);
  let cursor = 0;
  return sentences.map((sentence) => {
    const wanted = sentence.text.replace(/\s+/g, ' ').trim();
    const start = text.indexOf(wanted, cursor);
    if (start < 0 || !wanted) return undefined;
    const first = at[start] as Position;
    const last = at[start + wanted.length - 1] as Position;
    cursor = start + wanted.length;
    const range = document.createRange();
    range.setStart(first.node, first.offset);
    range.setEnd(last.node, last.offset + 1);
    return range;
  });
}

/** The sentence whose time span holds `seconds`; the last one past the end. */
export function sentenceAtTime(sentences: SentenceTiming[], seconds: number): number {
  const index = sentences.findIndex((sentence) => seconds < sentence.end);
  return index < 0 ? sentences.length - 1 : index;
}
