'use client';

import { useState } from 'react';
import type { ArticleQuestions, ScoredAnswers } from '../../contracts/api-types';
import { ApiError, postJson } from '../lib/api-client';

/** Marks the paragraph of the reader that holds a supporting sentence, and scrolls it into view. */
function showEvidence(sentence: string) {
  const compact = (text: string) =>
    text
      .replace(/[“”„«»"‘’']/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  for (const marked of document.querySelectorAll('.reader .evidence')) marked.classList.remove('evidence');
  const target = compact(sentence);
  const block = [...document.querySelectorAll<HTMLElement>('.reader p, .reader li')].find((element) =>
    compact(element.textContent ?? '').includes(target),
  );
  block?.classList.add('evidence');
  block?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/** The comprehension questions after the text: answer, then see the score, the explanations and the sentences. */
export function Questions({ articleId, initial }: { articleId: string; initial: ArticleQuestions }) {
  const [choices, setChoices] = useState<Array<number | undefined>>(
    initial.answered?.answers ?? initial.questions.map(() => undefined),
  );
  const [scored, setScored] = useState<ScoredAnswers | undefined>(initial.answered ?? undefined);
  const [error, setError] = useState<string>();
  const complete = choices.every((choice) => choice !== undefined);

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
