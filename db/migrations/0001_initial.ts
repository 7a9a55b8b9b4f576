import { type Kysely, sql } from 'kysely';

// Migrations are frozen history: they use Kysely<any> so later schema changes never alter them.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_login', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db);

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('queued', 'running', 'completed', 'failed', 'cancelled')`),
    )
    .addColumn('stage', 'text')
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('source_outlet', 'text')
    .addColumn('source_url', 'text')
    .addColumn('source_date', 'text')
    .addColumn('source_author', 'text')
    .addColumn('blob_keys', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error', 'jsonb')
    .addColumn('timings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('progress', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('articles_owner_created')
    .on('articles')
    .columns(['owner', 'created_at desc'])
    .execute();
  await db.schema
    .createIndex('articles_duplicate_guard')
    .on('articles')
    .columns(['owner', 'language', 'level', 'length', 'topic', 'created_at'])
    .execute();

  await db.schema
    .createTable('vocabulary')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('article_id', 'uuid', (c) => c.references('articles.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('lemma', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('sentence', 'text')
    .addColumn('pos', 'text')
    .addColumn('gender', 'text')
    .addColumn('phonetics', 'text')
    .addColumn('forms', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('examples', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('level', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One row per (owner, article, lemma); NULLS NOT DISTINCT also dedupes words saved outside an article.
  await sql`CREATE UNIQUE INDEX vocabulary_owner_article_lemma ON vocabulary (owner, article_id, lemma) NULLS NOT DISTINCT`.execute(
    db,
  );

  await db.schema
    .createTable('llm_usage')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('article_id', 'uuid', (c) => c.references('articles.id'))
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('prompt_tokens', 'integer', (c) => c.notNull())
    .addColumn('completion_tokens', 'integer', (c) => c.notNull())
    // Ten decimals: a small call costs fractions of a micro-dollar, and rounding each row would skew the sums.
    .addColumn('cost_usd', 'numeric(20, 10)', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('attempt_id', 'text', (c) => c.notNull())
    .addColumn('kept', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('llm_usage_owner_created')
    .on('llm_usage')
    .columns(['owner', 'created_at'])
    .execute();
  await db.schema.createIndex('llm_usage_article').on('llm_usage').column('article_id').execute();
  await db.schema.createIndex('llm_usage_attempt').on('llm_usage').column('attempt_id').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('articles.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['owner', 'key'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['idempotency_keys', 'llm_usage', 'vocabulary', 'articles', 'api_tokens', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
