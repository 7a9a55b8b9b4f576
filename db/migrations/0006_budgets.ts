import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // A learner's own daily limits, set by an operator; NULL: the configured default applies.
  await db.schema
    .alterTable('users')
    .addColumn('daily_budget_usd', 'numeric(12, 4)')
    .addColumn('daily_generations', 'integer')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .dropColumn('daily_generations')
    .dropColumn('daily_budget_usd')
    .execute();
}
