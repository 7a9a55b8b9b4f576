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

/**
 * Records that a story the learner read used these saved words: one more story seen, and when. The FSRS card
 * and the due date stay as they were (decision record 030). Returns the lemmas recorded.
 */
export async function recordSeenInStory(
  db: Db,
  owner: string,
  language: string,
  lemmas: string[],
  now: Date,
): Promise<string[]> {
  if (lemmas.length === 0) return [];
  const rows = await db
    .updateTable('vocabulary')
    .set((eb) => ({ seen_in_stories: eb('seen_in_stories', '+', 1), seen_in_story_at: now }))
    .where('owner', '=', owner)
    .where('language', '=', language)
    .where('lemma', 'in', lemmas)
    .returning('lemma')
    .execute();
  return [...new Set(rows.map((row) => row.lemma))].sort();
}
