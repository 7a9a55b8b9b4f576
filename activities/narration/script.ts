import type { Language } from '../../contracts/article-request';
import { splitSentences } from '../level/measure';

/** Markdown of one block reduced to the words a reader sees: no heading or list marks, links as their text. */
function spokenText(block: string): string {
  return block
    .split('\n')
    .map((line) => line.replace(/^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)/, ''))
    .join(' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\\([\\`*_[\]<>])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The sentences to speak, in the order the reader shows them: the headline, then each sentence of the body.
 * The source block and quoted blocks are not read out (the reader does not mark them as text either).
 */
export function narrationScript(article: { title: string; body: string }, language: Language): string[] {
  const blocks = article.body.split(/\n\s*\n/).filter((block) => !/^\s*>/.test(block));
  return [article.title, ...blocks].map(spokenText).flatMap((text) => splitSentences(text, language));
}
