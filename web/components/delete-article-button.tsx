'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError, callApi } from '../lib/api-client';

export function DeleteArticleButton({ articleId, title }: { articleId: string; title: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const remove = async () => {
    if (!window.confirm(`Delete "${title}"? A generation still running is cancelled.`)) return;
    setBusy(true);
    try {
      await callApi(`/articles/${articleId}`, { method: 'DELETE' });
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not delete; try again.');
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={busy}
        onClick={remove}
        aria-label={`Delete ${title}`}
      >
        Delete
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
