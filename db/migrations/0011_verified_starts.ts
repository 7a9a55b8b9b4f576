import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // Which start request the article waits for, and which run last worked on it: the worker checks a run's input
  // against them before any stage spends, and a run records its outcome only while it is the article's run.
  // Rows accepted before this migration keep start_id null and are checked by owner, request and status only.
  await db.schema.alterTable('articles').addColumn('start_id', 'uuid').addColumn('run_id', 'text').execute();

  // Every generation a learner starts, new or retried: the daily generation limit counts these, so a retry of a
  // failed or cancelled article is a generation too. Today's articles are counted as they were until now.
  await db.schema
    .createTable('generation_starts')
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('generation_starts_owner_created')
    .on('generation_starts')
    .columns(['owner', 'created_at'])
    .execute();
  await sql`INSERT INTO generation_starts (owner, article_id, kind, created_at)
            SELECT owner, id, 'new', created_at FROM articles WHERE created_at > now() - interval '1 day'`.execute(
    db,
  );

  // The service-wide daily cap sums the day's usage of every learner at each accept: an index-only scan.
  await sql`CREATE INDEX llm_usage_created ON llm_usage (created_at)
            INCLUDE (cost_usd, prompt_tokens, completion_tokens)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('llm_usage_created').execute();
  await db.schema.dropTable('generation_starts').execute();
  await db.schema.alterTable('articles').dropColumn('start_id').dropColumn('run_id').execute();
}
