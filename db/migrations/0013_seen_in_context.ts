import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // Meeting a saved word in a story the learner read is recorded beside its FSRS card, not as a grade on it:
  // the learner was not asked to recall the word (decision record 030).
  await db.schema
    .alterTable('vocabulary')
    .addColumn('seen_in_stories', 'integer', (c) => c.notNull().defaultTo(sql`0`))
    .addColumn('seen_in_story_at', 'timestamptz')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('vocabulary')
    .dropColumn('seen_in_stories')
    .dropColumn('seen_in_story_at')
    .execute();
}
