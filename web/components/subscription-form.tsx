'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import type { SubscriptionView } from '../../contracts/api-types';
import { CEFR_LEVELS, LANGUAGES, MAX_LENGTH, MIN_LENGTH } from '../../contracts/article-request';
import { subscriptionSchema } from '../../contracts/subscription';
import { ApiError, callApi } from '../lib/api-client';
import { Field } from './field';

/** Subscribes, or with `initial` edits that subscription; the schedule changes with it. */
export function SubscriptionForm({ initial }: { initial?: SubscriptionView }) {
  const router = useRouter();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [surprise, setSurprise] = useState(initial?.surprise ?? false);
  const [zone, setZone] = useState(initial?.timeZone ?? 'UTC');
  const prefix = initial ? `edit-${initial.id}-` : '';
  // The browser's own zone is known only in the browser, after the first render.
  useEffect(() => {
    if (!initial) setZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  }, [initial]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const topics = String(form.get(`${prefix}topics`) ?? '')
      .split(',')
      .map((topic) => topic.trim())
      .filter(Boolean);
    const parsed = subscriptionSchema.safeParse({
      language: form.get(`${prefix}language`),
      level: form.get(`${prefix}level`),
      length: Number(form.get(`${prefix}length`)),
      topics: surprise ? [] : topics,
      surprise,
      time: form.get(`${prefix}time`),
      timeZone: form.get(`${prefix}timeZone`),
    });
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
      setFields(found);
      return;
    }
    setFields({});
    setError(undefined);
    setBusy(true);
    try {
      await callApi(initial ? `/subscriptions/${initial.id}` : '/subscriptions', {
        method: initial ? 'PATCH' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(parsed.data),
      });
      if (!initial) event.currentTarget?.reset();
      router.refresh();
    } catch (caught) {
      setError((caught as Error).message);
      if (caught instanceof ApiError) setFields(caught.fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form card"
      onSubmit={submit}
      noValidate
      aria-label={initial ? 'Edit daily story' : 'Subscribe'}
    >
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <Field name={`${prefix}language`} label="Language" error={fields.language}>
        {(control) => (
          <select {...control} defaultValue={initial?.language ?? 'de'}>
            {Object.entries(LANGUAGES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name={`${prefix}level`} label="Level (CEFR)" error={fields.level}>
        {(control) => (
          <select {...control} defaultValue={initial?.level ?? 'B1'}>
            {CEFR_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name={`${prefix}length`}
        label="Length in words"
        hint={`From ${MIN_LENGTH} to ${MAX_LENGTH}.`}
        error={fields.length}
      >
        {(control) => (
          <input
            {...control}
            type="number"
            min={MIN_LENGTH}
            max={MAX_LENGTH}
            step={50}
            defaultValue={initial?.length ?? 300}
          />
        )}
      </Field>
      <div className="field check">
        <label>
          <input type="checkbox" checked={surprise} onChange={(event) => setSurprise(event.target.checked)} />{' '}
          Surprise me: a different news topic each day
        </label>
      </div>
      {surprise ? null : (
        <Field
          name={`${prefix}topics`}
          label="Topics"
          hint="Separate them with commas; one a day, in turn."
          error={fields.topics}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              defaultValue={initial?.topics.join(', ')}
              placeholder="e.g. Sport, Kultur"
            />
          )}
        </Field>
      )}
      <Field name={`${prefix}time`} label="Time of day" error={fields.time}>
        {(control) => <input {...control} type="time" required defaultValue={initial?.time ?? '07:30'} />}
      </Field>
      <Field
        name={`${prefix}timeZone`}
        label="Time zone"
        hint="An IANA name, e.g. Europe/Berlin."
        error={fields.timeZone}
      >
        {(control) => (
          <input {...control} type="text" value={zone} onChange={(event) => setZone(event.target.value)} />
        )}
      </Field>
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : initial ? 'Save changes' : 'Subscribe'}
        </button>
      </div>
    </form>
  );
}
