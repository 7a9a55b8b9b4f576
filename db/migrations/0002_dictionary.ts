import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dictionary_cache')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('sentence_hash', 'text', (c) => c.notNull())
    .addColumn('entry', 'jsonb', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('prompt_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dictionary_cache_pkey', ['language', 'word', 'sentence_hash', 'prompt_version'])
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('vocabulary_used', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createIndex('vocabulary_owner_language')
    .on('vocabulary')
    .columns(['owner', 'language'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('vocabulary_owner_language').execute();
  await db.schema.alterTable('articles').dropColumn('vocabulary_used').execute();
  await db.schema.dropTable('dictionary_cache').execute();
}
