import type { Element, ElementContent, Root, RootContent } from 'hast';
import { segmentWords, wordKey } from './words';

export interface WordOptions {
  language: string;
  saved: ReadonlySet<string>;
  /** Forms outside the band of the learner's level, marked so the learner sees what makes the text hard. */
  rare?: ReadonlySet<string>;
  /** Saved forms that were due for review when the story was written for the learner. */
  due?: ReadonlySet<string>;
}

/** Inside these, text is not for looking up: code, links, and the source block. */
const SKIP = new Set(['code', 'pre', 'a', 'blockquote', 'script', 'style']);

function wordElement(text: string, options: WordOptions): Element {
  const key = wordKey(text, options.language);
  const className = ['word'];
  if (options.saved.has(key)) className.push('saved');
  else if (options.rare?.has(key)) className.push('rare');
  if (options.due?.has(key)) className.push('due');
  return {
    type: 'element',
    tagName: 'span',
    properties: { className, dataWord: text, tabIndex: -1 },
    children: [{ type: 'text', value: text }],
  };
}

function wrap(children: (RootContent | ElementContent)[], options: WordOptions): ElementContent[] {
  return children.flatMap((child): ElementContent[] => {
    if (child.type === 'text') {
      return segmentWords(child.value, options.language).map((segment) =>
        segment.isWord ? wordElement(segment.text, options) : { type: 'text', value: segment.text },
      );
    }
    if (child.type === 'element' && !SKIP.has(child.tagName)) {
      child.children = wrap(child.children, options);
    }
    return child.type === 'doctype' ? [] : [child as ElementContent];
  });
}

/** A rehype plugin that makes every word of the text a target for the dictionary; runs after sanitizing. */
export function rehypeWords(options: WordOptions) {
  return (tree: Root) => {
    tree.children = wrap(tree.children, options) as RootContent[];
  };
}
