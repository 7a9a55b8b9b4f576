'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '../lib/api-client';

/** Pauses or resumes a subscription's schedule through PATCH, then shows the new state. */
export function PauseButton({ id, paused }: { id: string; paused: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await callApi(`/subscriptions/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ paused: !paused }),
      });
      router.refresh();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={toggle}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
