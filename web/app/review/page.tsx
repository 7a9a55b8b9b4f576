import type { Metadata } from 'next';
import Link from 'next/link';
import { type ReviewCard, ReviewSession } from '../../components/review-session';
import { apiGet } from '../../lib/api-server';

export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage() {
  const due = await apiGet<{ items: ReviewCard[]; due: number; nextDueAt: string | null }>(
    '/review/due?limit=50',
  );
  return (
    <>
      <h1>Review</h1>
      <p className="meta">
        Your saved words come back when you are about to forget them (FSRS). Space shows the sentence, then
        the meaning; grade with the buttons or 1–4.{' '}
        {due.due === 0 && due.nextDueAt
          ? `The next word is due ${new Date(due.nextDueAt).toUTCString()}.`
          : null}
      </p>
      {due.items.length === 0 && !due.nextDueAt ? (
        <p className="card">
          No saved words yet. Open an <Link href="/articles">article</Link> and save the words you look up.
        </p>
      ) : (
        <ReviewSession initial={due.items} />
      )}
    </>
  );
}
