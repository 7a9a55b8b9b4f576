'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LookupResult } from '../../contracts/api-types';
import { DEMO_MODEL } from '../../contracts/demo';
import { ApiError, postJson } from '../lib/api-client';

export interface Lookup {
  word: string;
  sentence: string;
  anchor: HTMLElement;
}

/** Below the word, kept inside the text column. */
function placeUnder(anchor: HTMLElement, popover: HTMLElement, container: HTMLElement | null) {
  const width = container?.clientWidth ?? window.innerWidth;
  const left = Math.max(0, Math.min(anchor.offsetLeft, width - popover.offsetWidth));
  popover.style.left = `${left}px`;
  popover.style.top = `${anchor.offsetTop + anchor.offsetHeight + 6}px`;
}

const nonEmpty = (value: string | null | undefined) => (value?.trim() ? value : undefined);

export function WordPopover({
  lookup,
  language,
  articleId,
  container,
  onClose,
  onSaved,
}: {
  lookup: Lookup;
  language: string;
  articleId: string;
  container: HTMLElement | null;
  onClose: () => void;
  onSaved: (...words: string[]) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [entry, setEntry] = useState<LookupResult>();
  const [error, setError] = useState<string>();
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [asking, setAsking] = useState(false);

  useLayoutEffect(() => {
    if (ref.current) placeUnder(lookup.anchor, ref.current, container);
  });

  // Escape closes it wherever the focus is, e.g. on a button that was disabled after its click.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const ask = useCallback(
    (mode: 'dictionary' | 'context') => {
      setError(undefined);
      setAsking(true);
      return postJson<LookupResult>('/dictionary/lookup', {
        word: lookup.word,
        sentence: lookup.sentence,
        language,
        articleId,
        mode,
      })
        .then(setEntry)
        .catch((caught) =>
          setError(caught instanceof ApiError ? caught.message : 'The lookup failed; try again.'),
        )
        .finally(() => setAsking(false));
    },
    [lookup, language, articleId],
  );

  useEffect(() => {
    ref.current?.focus();
    void ask('dictionary');
  }, [ask]);

  const save = async () => {
    if (!entry) return;
    setState('saving');
    setError(undefined);
    try {
      await postJson('/vocabulary', {
        language,
        articleId,
        word: lookup.word,
        lemma: entry.lemma,
        definition: entry.definition,
        sentence: lookup.sentence,
        pos: nonEmpty(entry.partOfSpeech),
        gender: nonEmpty(entry.gender) ?? null,
        phonetics: nonEmpty(entry.ipa),
        forms: entry.forms,
        examples: entry.examples,
        level: entry.level ?? undefined,
      });
      setState('saved');
      onSaved(lookup.word, entry.lemma);
    } catch (caught) {
      setState('idle');
      setError(caught instanceof ApiError ? caught.message : 'Could not save the word; try again.');
    }
  };

  return (
    <div
      ref={ref}
      className="popover"
      role="dialog"
      aria-label={`Definition of ${lookup.word}`}
      tabIndex={-1}
    >
      <button type="button" className="close" aria-label="Close" onClick={onClose}>
        ×
      </button>
      <h2>{entry?.lemma ?? lookup.word}</h2>
      {!entry && !error ? <p aria-live="polite">Looking up “{lookup.word}”…</p> : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {entry?.source === 'offline' ? <OfflineSenses entry={entry} /> : null}
      {entry?.source === 'model' ? <ModelEntry entry={entry} /> : null}
      {entry ? (
        <p className="row">
          {entry.source === 'offline' ? (
            <button type="button" className="secondary" onClick={() => ask('context')} disabled={asking}>
              {asking ? 'Asking…' : 'Meaning in this sentence'}
            </button>
          ) : null}
          <button type="button" onClick={save} disabled={state !== 'idle'}>
            {state === 'saved' ? 'Saved' : state === 'saving' ? 'Saving…' : 'Save word'}
          </button>
        </p>
      ) : null}
    </div>
  );
}

type OfflineResult = Extract<LookupResult, { source: 'offline' }>;
type ModelResult = Extract<LookupResult, { source: 'model' }>;

/** The offline dictionary's senses, labelled with the dictionary and its licence. */
function OfflineSenses({ entry }: { entry: OfflineResult }) {
  const [first] = entry.senses;
  return (
    <>
      <p className="row">
        {first?.partOfSpeech ? <span className="badge pos">{first.partOfSpeech}</span> : null}
        {first?.gender ? <span className="badge">{first.gender}</span> : null}
        {first?.ipa ? <span className="meta">/{first.ipa}/</span> : null}
      </p>
      <ol className="senses">
        {entry.senses.map((sense, index) => (
          // Senses have no id; their order is the dictionary's and never changes.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={index}>
            {sense.headword !== entry.lemma ? <strong>{sense.headword}: </strong> : null}
            {sense.meaning}
            {sense.examples[0] ? <span className="meta"> — {sense.examples[0]}</span> : null}
          </li>
        ))}
      </ol>
      <p className="source">
        From {entry.dictionary.name} (offline, {entry.dictionary.licence})
      </p>
    </>
  );
}

/** The model's entry for the sense in this sentence, labelled with the model, and why it was asked. */
function ModelEntry({ entry }: { entry: ModelResult }) {
  return (
    <>
      <p className="row">
        <span className="badge pos">{entry.partOfSpeech}</span>
        {entry.gender ? <span className="badge">{entry.gender}</span> : null}
        <span className="badge level">{entry.level}</span>
        {entry.ipa ? <span className="meta">/{entry.ipa.replace(/^\/|\/$/g, '')}/</span> : null}
      </p>
      <p>{entry.definition}</p>
      {Object.keys(entry.forms).length > 0 ? (
        <p className="meta">
          {Object.entries(entry.forms)
            .map(([form, value]) => `${form}: ${value}`)
            .join(' · ')}
        </p>
      ) : null}
      <ul>
        {entry.examples.map((example) => (
          <li key={example}>{example}</li>
        ))}
      </ul>
      <p className="source">
        Meaning in this sentence, by{' '}
        {entry.model === DEMO_MODEL ? 'the demo model (no real definitions)' : `the model ${entry.model}`}
      </p>
      {entry.note ? <p className="meta note">{entry.note}</p> : null}
    </>
  );
}
