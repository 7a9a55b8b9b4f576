import { sql } from 'kysely';
import type { Db } from '../connect';
import type { ReviewCard, VocabularyEntry } from '../schema';

/** The learner's entries due by `now`, the longest overdue first. */
export function dueEntries(
  db: Db,
  owner: string,
  now: Date,
  options: { language?: string; limit: number },
): Promise<VocabularyEntry[]> {
  let query = db
    .selectFrom('vocabulary')
    .selectAll()
    .where('owner', '=', owner)
    .where('review_due', '<=', now);
  if (options.language) query = query.where('language', '=', options.language);
  return query.orderBy('review_due').orderBy('created_at').limit(options.limit).execute();
}

/** How many entries are due by `now`, and when the next one that is not yet due comes. */
export async function reviewCounts(db: Db, owner: string, now: Date, language?: string) {
  let query = db.selectFrom('vocabulary').where('owner', '=', owner);
  if (language) query = query.where('language', '=', language);
  const row = await query
    .select([
      sql<number>`count(*) FILTER (WHERE review_due <= ${now})::int`.as('due'),
      sql<Date | null>`min(review_due) FILTER (WHERE review_due > ${now})`.as('next_due_at'),
    ])
    .executeTakeFirstOrThrow();
  return { due: row.due, nextDueAt: row.next_due_at };
}

export function findOwnedEntry(db: Db, owner: string, id: string): Promise<VocabularyEntry | undefined> {
  return db
    .selectFrom('vocabulary')
    .selectAll()
    .where('id', '=', id)
    .where('owner', '=', owner)
    .executeTakeFirst();
}

/**
 * Stores a grade's result only if the entry was not graded meanwhile (the same `reviewed_at` as read), so a
 * double submit counts once. Undefined when it lost that race.
 */
export function saveReview(
  db: Db,
  entry: Pick<VocabularyEntry, 'id' | 'reviewed_at'>,
  card: ReviewCard,
  reviewedAt: Date,
): Promise<VocabularyEntry | undefined> {
  return db
    .updateTable('vocabulary')
    .set({ review_card: JSON.stringify(card), review_due: card.due, reviewed_at: reviewedAt })
    .where('id', '=', entry.id)
    .where((eb) =>
      entry.reviewed_at ? eb('reviewed_at', '=', entry.reviewed_at) : eb('reviewed_at', 'is', null),
    )
    .returningAll()
    .executeTakeFirst();
}

/** The learner's entries in `language` due by `now` whose lemma is one of `lemmas`. */
export function dueEntriesAmong(
  db: Db,
  owner: string,
  language: string,
  lemmas: string[],
  now: Date,
): Promise<VocabularyEntry[]> {
  if (lemmas.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vocabulary')
    .selectAll()
    .where('owner', '=', owner)
    .where('language', '=', language)
    .where('lemma', 'in', lemmas)
    .where('review_due', '<=', now)
    .execute();
}
