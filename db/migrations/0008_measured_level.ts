import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // What the level check measured in the published text, beside the level asked for; null for articles
  // published before the check existed.
  await db.schema
    .alterTable('articles')
    .addColumn('measured_level', 'text')
    .addColumn('level_score', 'real')
    .addColumn('level_report', 'jsonb')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .dropColumn('level_report')
    .dropColumn('level_score')
    .dropColumn('measured_level')
    .execute();
}
