'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiError, postJson } from '../lib/api-client';

export interface ReviewCard {
  id: string;
  language: string;
  word: string;
  lemma: string;
  sentence: string | null;
  definition: string;
  review: { due: string; reviews: number; state: string };
}

const GRADES = [
  { key: '1', grade: 'again', label: 'Again' },
  { key: '2', grade: 'hard', label: 'Hard' },
  { key: '3', grade: 'good', label: 'Good' },
  { key: '4', grade: 'easy', label: 'Easy' },
] as const;

const dueLabel = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/**
 * Due words one at a time: the word, then (Space) the sentence it was saved from, then (Space) the meaning and
 * the grades, by button or by 1–4.
 */
export function ReviewSession({ initial }: { initial: ReviewCard[] }) {
  const [queue, setQueue] = useState(initial);
  const [step, setStep] = useState<0 | 1 | 2>(0);
  const [done, setDone] = useState<Array<{ word: string; grade: string; due: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const card = queue[0];

  const grade = useCallback(
    async (value: (typeof GRADES)[number]['grade']) => {
      if (!card || busy) return;
      setBusy(true);
      setError(undefined);
      try {
        const result = await postJson<ReviewCard>(`/review/${card.id}`, { grade: value });
        setDone((previous) => [...previous, { word: card.word, grade: value, due: result.review.due }]);
        setQueue((previous) => previous.slice(1));
        setStep(0);
      } catch (caught) {
        // Graded in another tab: that grade stands, and this card is done.
        if (caught instanceof ApiError && caught.code === 'already_graded') {
          setQueue((previous) => previous.slice(1));
          setStep(0);
        } else setError((caught as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [card, busy],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === ' ') {
        event.preventDefault();
        setStep((current) => (current < 2 ? ((current + 1) as 1 | 2) : current));
        return;
      }
      const chosen = GRADES.find((entry) => entry.key === event.key);
      if (chosen && step === 2) void grade(chosen.grade);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [grade, step]);

  return (
    <>
      {card ? (
        <section className="card review-card" aria-live="polite" aria-labelledby="review-word">
          <p className="meta">
            {queue.length} due · {card.review.reviews === 0 ? 'new word' : `reviewed ${card.review.reviews}×`}
          </p>
          <h2 id="review-word" lang={card.language}>
            {card.word}
          </h2>
          {step >= 1 ? (
            <p className="review-sentence" lang={card.language}>
              {card.sentence ? `“${card.sentence}”` : 'Saved without a sentence.'}
            </p>
          ) : null}
          {step >= 2 ? (
            <p className="review-meaning">
              <strong lang={card.language}>{card.lemma}</strong>: {card.definition}
            </p>
          ) : null}
          {step < 2 ? (
            <button type="button" onClick={() => setStep((step + 1) as 1 | 2)}>
              {step === 0 ? 'Show the sentence' : 'Show the meaning'} <kbd>Space</kbd>
            </button>
          ) : (
            <fieldset className="row grades">
              <legend className="sr-only">How well did you know it?</legend>
              {GRADES.map((entry) => (
                <button
                  key={entry.grade}
                  type="button"
                  className={
                    entry.grade === 'again' ? 'danger' : entry.grade === 'good' ? undefined : 'secondary'
                  }
                  disabled={busy}
                  onClick={() => grade(entry.grade)}
                >
                  {entry.label} <kbd>{entry.key}</kbd>
                </button>
              ))}
            </fieldset>
          )}
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
        </section>
      ) : (
        <p className="card">{done.length ? 'All done for now.' : 'Nothing is due right now.'}</p>
      )}
      {done.length ? (
        <section aria-labelledby="reviewed-heading">
          <h2 id="reviewed-heading">Reviewed</h2>
          <ul className="reviewed">
            {done.map((entry) => (
              <li key={`${entry.word}-${entry.due}`} data-grade={entry.grade} data-due={entry.due}>
                <strong>{entry.word}</strong> · {entry.grade} · next {dueLabel(entry.due)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
