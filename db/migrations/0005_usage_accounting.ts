import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('llm_usage')
    // The row is written before the request: `pending` until the call ends, and it stays so if the process dies.
    .addColumn('ended', 'text', (c) => c.notNull().defaultTo('complete'))
    // Tokens counted by opad (about 4 characters a token) because the provider's count never arrived.
    .addColumn('estimated', 'boolean', (c) => c.notNull().defaultTo(false))
    // The model opad asked for, when the provider answered with another one (`model` is the one that answered).
    .addColumn('requested_model', 'text')
    .execute();
  // NULL: the model has no price in the table, so its cost is unknown rather than zero.
  await db.schema
    .alterTable('llm_usage')
    .alterColumn('cost_usd', (c) => c.dropNotNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('llm_usage').set({ cost_usd: 0 }).where('cost_usd', 'is', null).execute();
  await db.schema
    .alterTable('llm_usage')
    .alterColumn('cost_usd', (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable('llm_usage')
    .dropColumn('requested_model')
    .dropColumn('estimated')
    .dropColumn('ended')
    .execute();
}
