'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { Field } from './field';

type Mode = 'login' | 'register';

export function AuthForm({ mode, expired }: { mode: Mode; expired?: boolean }) {
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    setFields({});
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode, email: form.get('email'), password: form.get('password') }),
    }).catch(() => undefined);
    if (response?.ok) {
      window.location.assign('/');
      return;
    }
    const body = await response?.json().catch(() => undefined);
    setError(body?.error?.message ?? 'The server did not answer; try again.');
    setFields(body?.error?.details?.fields ?? {});
    setBusy(false);
  };

  const passwordHint =
    mode === 'register' ? 'At least 10 characters, not containing your email name.' : undefined;
  return (
    <form
      className="form card"
      onSubmit={submit}
      noValidate
      aria-describedby={error ? 'form-error' : undefined}
    >
      {expired ? <p className="hint">Your session ended; sign in again.</p> : null}
      {error ? (
        <p className="error" id="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <Field name="email" label="Email" error={fields.email}>
        {(control) => <input {...control} type="email" autoComplete="email" required />}
      </Field>
      <Field name="password" label="Password" hint={passwordHint} error={fields.password}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
            required
          />
        )}
      </Field>
      <div className="row">
        <button type="submit" disabled={busy}>
          {mode === 'register' ? 'Create account' : 'Sign in'}
        </button>
        {mode === 'register' ? (
          <Link href="/login">I have an account</Link>
        ) : (
          <Link href="/register">Create an account</Link>
        )}
      </div>
    </form>
  );
}
