'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '../lib/api-client';

export function DeleteWordButton({ id, word }: { id: string; word: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await callApi(`/vocabulary/${id}`, { method: 'DELETE' });
      router.refresh();
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="secondary"
      disabled={busy}
      onClick={remove}
      aria-label={`Remove ${word}`}
    >
      Remove
    </button>
  );
}
