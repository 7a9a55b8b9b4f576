import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // One row per provider and model: the lock every worker takes to draw from the shared budget, and a pause
  // set from a provider's Retry-After.
  await db.schema
    .createTable('llm_rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('paused_until', 'timestamptz')
    .execute();
  // What was drawn in the last minute: providers count tokens over a rolling minute, and so does opad.
  await db.schema
    .createTable('llm_rate_grants')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().references('llm_rate_limits.key'))
    .addColumn('tokens', 'double precision', (c) => c.notNull())
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema
    .createIndex('llm_rate_grants_key_at')
    .on('llm_rate_grants')
    .columns(['key', 'granted_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('llm_rate_grants').execute();
  await db.schema.dropTable('llm_rate_limits').execute();
}
