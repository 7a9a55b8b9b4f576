'use client';

import { useEffect, useState } from 'react';
import type { ArticleQuestions, ScoredAnswers } from '../../contracts/api-types';
import { ApiError, postJson } from '../lib/api-client';
import { sentenceRange } from '../lib/sentence-ranges';

/** The name of the CSS highlight (`::highlight(evidence)`) that marks a question's supporting sentence. */
const HIGHLIGHT = 'evidence';

/**
 * Highlights the supporting sentence in the reader (that sentence only, not its paragraph) without changing the
 * text's markup, and scrolls it into view.
 */
function showEvidence(sentence: string) {
  const root = document.querySelector<HTMLElement>('.reader [role="document"]');
  const range = root ? sentenceRange(root, sentence) : undefined;
  if (!CSS.highlights) return;
  if (!range) {
    CSS.highlights.delete(HIGHLIGHT);
    return;
  }
  CSS.highlights.set(HIGHLIGHT, new Highlight(range));
  range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/** The comprehension questions after the text: answer, then see the score, the explanations and the sentences. */
export function Questions({ articleId, initial }: { articleId: string; initial: ArticleQuestions }) {
  const [choices, setChoices] = useState<Array<number | undefined>>(
    initial.answered?.answers ?? initial.questions.map(() => undefined),
  );
  const [scored, setScored] = useState<ScoredAnswers | undefined>(initial.answered ?? undefined);
  const [error, setError] = useState<string>();
  const complete = choices.every((choice) => choice !== undefined);

  useEffect(() => {
    return () => {
      CSS.highlights?.delete(HIGHLIGHT);
    };
  }, []);

  const submit = async () => {
    setError(undefined);
    try {
      setScored(await postJson<ScoredAnswers>(`/articles/${articleId}/answers`, { answers: choices }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not check the answers; try again.');
    }
  };

  return (
    <section aria-labelledby="questions-heading" className="questions">
      <h2 id="questions-heading">Did you understand it?</h2>
      <ol>
        {initial.questions.map((question, index) => {
          const result = scored?.results[index];
          return (
            <li key={question.question} className="card">
              <fieldset>
                <legend>{question.question}</legend>
                {question.options.map((option, optionIndex) => (
                  <label key={option} className="option">
                    <input
                      type="radio"
                      name={`question-${index}`}
                      checked={choices[index] === optionIndex}
                      onChange={() => {
                        setScored(undefined);
                        setChoices((before) => before.map((c, i) => (i === index ? optionIndex : c)));
                      }}
                    />{' '}
                    {option}
                  </label>
                ))}
              </fieldset>
              {result ? (
                <p className={result.correct ? 'result right' : 'result wrong'}>
                  {result.correct ? 'Right.' : `Not quite: ${question.options[result.answer]}.`}{' '}
                  {result.explanation}{' '}
                  <button type="button" className="link" onClick={() => showEvidence(result.evidence)}>
                    Show in the text
                  </button>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {scored ? (
        <p className="score" role="status">
          You got {scored.correct} of {scored.total} right.
        </p>
      ) : (
        <button type="button" onClick={submit} disabled={!complete}>
          Check my answers
        </button>
      )}
    </section>
  );
}
