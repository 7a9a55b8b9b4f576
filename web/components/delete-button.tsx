'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError, callApi } from '../lib/api-client';

/** DELETEs one resource through the API, then re-renders the page without it. */
export function DeleteButton({
  path,
  label,
  what,
  confirm,
  className,
}: {
  /** The API path to DELETE. */
  path: string;
  label: string;
  /** What goes, for the accessible name ("Delete <what>"). */
  what: string;
  /** Asked first, when deleting loses more than the button says. */
  confirm?: string;
  className: 'danger' | 'secondary';
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const remove = async () => {
    if (confirm && !window.confirm(confirm)) return;
    setBusy(true);
    setError(undefined);
    try {
      await callApi(path, { method: 'DELETE' });
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : `Could not ${label.toLowerCase()}; try again.`);
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={busy}
        onClick={remove}
        aria-label={`${label} ${what}`}
      >
        {label}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
