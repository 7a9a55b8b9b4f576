'use client';

import { type KeyboardEvent, type MouseEvent, type ReactNode, useMemo, useRef, useState } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import { rehypeWords } from '../lib/rehype-words';
import { sentenceAt, wordKey } from '../lib/words';
import { type Lookup, WordPopover } from './word-popover';

const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, td, th';
/** One empty list for every render, so the word marking is not rebuilt on each click. */
const NO_WORDS: string[] = [];

/** The sentence around a word, read from the block of text it stands in. */
function sentenceOf(word: HTMLElement, container: HTMLElement, language: string): string {
  const block = word.closest<HTMLElement>(BLOCKS) ?? container;
  const before = document.createRange();
  before.setStart(block, 0);
  before.setEndBefore(word);
  return sentenceAt(block.textContent ?? '', before.toString().length, language);
}

/** The address a link may open: http(s) only; anything else (mailto:, a relative path) stays text. */
function webAddress(href: unknown): string | undefined {
  if (typeof href !== 'string' || !URL.canParse(href)) return undefined;
  const { protocol } = new URL(href);
  return protocol === 'http:' || protocol === 'https:' ? href : undefined;
}

/** A live link whose text is its whole address: what the learner reads is where it goes. */
function FullAddress({ href, className }: { href: string; className: string }) {
  return (
    <a className={className} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {href}
    </a>
  );
}

/**
 * The text comes from a model, which a news page it read can steer: a link's words ("verify your account")
 * could hide where it goes. So a link's words are plain text, followed by its full address, which is the only
 * clickable part.
 */
function TextThenAddress({ href, children }: { href?: string; children?: ReactNode }) {
  const address = webAddress(href);
  if (!address) return <span className="link-text">{children}</span>;
  if (children === href) return <FullAddress href={address} className="link-address" />;
  return (
    <span className="link-text">
      {children} (<FullAddress href={address} className="link-address" />)
    </span>
  );
}

/**
 * An article's images come from the pages research read, that is from third parties: loading one would tell
 * them who reads what. The reader shows the description and the full address instead, and the learner decides.
 */
function ImageAddress({ src, alt }: { src?: string | Blob; alt?: string }) {
  const address = webAddress(src);
  if (!address) return null;
  return (
    <span className="image-text">
      [image{alt ? `: ${alt}` : ''}] (<FullAddress href={address} className="image-link" />)
    </span>
  );
}

export function Reader({
  markdown,
  language,
  articleId,
  savedWords,
  rareWords = NO_WORDS,
  dueWords = NO_WORDS,
}: {
  markdown: string;
  language: string;
  articleId: string;
  savedWords: string[];
  rareWords?: string[];
  dueWords?: string[];
}) {
  const container = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState(() => new Set(savedWords.map((word) => wordKey(word, language))));
  const [lookup, setLookup] = useState<Lookup>();

  const rare = useMemo(
    () => new Set(rareWords.map((word) => wordKey(word, language))),
    [rareWords, language],
  );
  const due = useMemo(() => new Set(dueWords.map((word) => wordKey(word, language))), [dueWords, language]);
  const plugins = useMemo(
    () => [rehypeSanitize, [rehypeWords, { language, saved, rare, due }]] as never,
    [language, saved, rare, due],
  );

  const open = (word: HTMLElement) => {
    const body = container.current;
    if (!body) return;
    for (const active of body.querySelectorAll('.word.active')) active.classList.remove('active');
    word.classList.add('active');
    setLookup({
      word: word.dataset.word ?? word.textContent ?? '',
      sentence: sentenceOf(word, body, language),
      anchor: word,
    });
  };

  const close = () => {
    const anchor = lookup?.anchor;
    anchor?.classList.remove('active');
    setLookup(undefined);
    anchor?.focus();
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const word = (event.target as HTMLElement).closest<HTMLElement>('.word');
    if (word && container.current?.contains(word)) open(word);
  };

  // Arrow keys walk the words, Enter looks one up: the text is one tab stop, not one per word.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const body = container.current;
    if (!body || (event.target as HTMLElement).closest('.popover')) return;
    const words = Array.from(body.querySelectorAll<HTMLElement>('.word'));
    const index = words.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const next =
        event.key === 'ArrowRight' ? Math.min(index + 1, words.length - 1) : Math.max(index - 1, 0);
      words[index < 0 ? 0 : next]?.focus();
    } else if ((event.key === 'Enter' || event.key === ' ') && index >= 0) {
      event.preventDefault();
      open(words[index] as HTMLElement);
    }
  };

  const onSaved = (...words: string[]) =>
    setSaved((current) => new Set([...current, ...words.map((word) => wordKey(word, language))]));

  return (
    <div className="article-body reader" ref={container}>
      <div
        role="document"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the text is one tab stop; arrow keys move between its words
        tabIndex={0}
        aria-label="Article text. Click a word, or use the arrow keys and Enter, to look it up."
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        <ReactMarkdown rehypePlugins={plugins} components={{ img: ImageAddress, a: TextThenAddress }}>
          {markdown}
        </ReactMarkdown>
      </div>
      {lookup ? (
        <WordPopover
          key={`${lookup.word}|${lookup.sentence}`}
          lookup={lookup}
          language={language}
          articleId={articleId}
          container={container.current}
          onClose={close}
          onSaved={onSaved}
        />
      ) : null}
    </div>
  );
}
