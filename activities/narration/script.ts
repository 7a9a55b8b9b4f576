import MarkdownIt from 'markdown-it';
import type { Language } from '../../contracts/article-request';
import { splitSentences } from '../level/measure';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

/**
 * CommonMark only, as the reader renders it (react-markdown without GFM), so the text spoken is the text shown.
 * Raw HTML is parsed only to be left out: the reader drops it too.
 */
const markdown = new MarkdownIt('commonmark', { html: true });

/** The words a reader sees in one inline run: escapes and entities resolved, marks and images left out. */
function inlineText(children: Token[]): string {
  return children
    .map((token) => {
      if (token.type === 'text' || token.type === 'code_inline') return token.content;
      if (token.type === 'softbreak' || token.type === 'hardbreak') return ' ';
      return '';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of each heading, paragraph and list item outside quoted blocks (the source block is one). */
function spokenBlocks(source: string): string[] {
  const blocks: string[] = [];
  let quoteDepth = 0;
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'blockquote_open') quoteDepth++;
    else if (token.type === 'blockquote_close') quoteDepth--;
    else if (token.type === 'inline' && quoteDepth === 0) blocks.push(inlineText(token.children ?? []));
  }
  return blocks.filter(Boolean);
}

/** The sentences of a Markdown text as the reader shows them, block by block; quoted blocks left out. */
export function textSentences(markdownText: string, language: Language): string[] {
  return spokenBlocks(markdownText).flatMap((text) => splitSentences(text, language));
}

/** The sentences to speak, in the order the reader shows them: the headline, then each sentence of the body. */
export function narrationScript(article: { title: string; body: string }, language: Language): string[] {
  return textSentences(`# ${article.title}\n\n${article.body}`, language);
}
