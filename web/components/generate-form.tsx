'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import {
  type ArticleRequest,
  articleRequestSchema,
  CEFR_LEVELS,
  LANGUAGES,
  MAX_LENGTH,
  MIN_LENGTH,
} from '../../contracts/article-request';
import { ApiError, postJson } from '../lib/api-client';
import { Field } from './field';

interface Accepted {
  articleId: string;
  jobId: string;
  status: string;
}

function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0])] ??= issue.message;
  return fields;
}

export function GenerateForm() {
  const router = useRouter();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [duplicate, setDuplicate] = useState<{ request: ArticleRequest; existing: Accepted }>();
  const [busy, setBusy] = useState(false);
  // One key per intent: a double submit of the same request is answered with the same article.
  const idempotency = useRef<{ body: string; key: string }>(undefined);

  const send = async (request: ArticleRequest, force: boolean) => {
    const body = JSON.stringify({ request, force });
    if (idempotency.current?.body !== body) idempotency.current = { body, key: crypto.randomUUID() };
    setBusy(true);
    setError(undefined);
    try {
      const accepted = await postJson<Accepted>(`/articles${force ? '?force=true' : ''}`, request, {
        'idempotency-key': idempotency.current.key,
      });
      router.push(`/jobs/${accepted.jobId}`);
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.code === 'duplicate_request') {
        setDuplicate({ request, existing: caught.details as unknown as Accepted });
        return;
      }
      setError((caught as Error).message);
      if (caught instanceof ApiError) setFields(caught.fields);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const parsed = articleRequestSchema.safeParse({
      language: form.get('language'),
      level: form.get('level'),
      length: Number(form.get('length')),
      topic: form.get('topic'),
    });
    setDuplicate(undefined);
    if (!parsed.success) {
      setFields(fieldErrorsOf(parsed.error.issues));
      return;
    }
    setFields({});
    void send(parsed.data, false);
  };

  return (
    <form className="form card" onSubmit={submit} noValidate>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <Field name="language" label="Language" error={fields.language}>
        {(control) => (
          <select {...control} defaultValue="de">
            {Object.entries(LANGUAGES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="level" label="Level (CEFR)" error={fields.level}>
        {(control) => (
          <select {...control} defaultValue="B1">
            {CEFR_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="length"
        label="Length in words"
        hint={`From ${MIN_LENGTH} to ${MAX_LENGTH}.`}
        error={fields.length}
      >
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={MIN_LENGTH}
            max={MAX_LENGTH}
            step={50}
            defaultValue={300}
          />
        )}
      </Field>
      <Field name="topic" label="Topic" error={fields.topic}>
        {(control) => <input {...control} type="text" maxLength={200} placeholder="e.g. climate policy" />}
      </Field>
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Generate'}
        </button>
      </div>
      {duplicate ? (
        <div className="card" role="alert">
          <p>You asked for the same article less than 24 hours ago.</p>
          <div className="row">
            <Link className="button" href={`/jobs/${duplicate.existing.jobId}`}>
              Open the existing job
            </Link>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => send(duplicate.request, true)}
            >
              Generate a new one anyway
            </button>
          </div>
        </div>
      ) : null}
    </form>
  );
}
