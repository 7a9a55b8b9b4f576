import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // A learner's daily story: what to generate, and when in their own time zone. Its Temporal Schedule is
  // `daily-{id}`; the row is what a firing reads, so topic edits need no schedule update.
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('topics', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('surprise', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('time_of_day', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('paused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('subscriptions_owner').on('subscriptions').column('owner').execute();

  // One article per subscription and local day, whatever the schedule does: the idempotency key of the accept
  // path lasts 24 h, this lasts for good.
  await db.schema
    .createTable('subscription_runs')
    .addColumn('subscription_id', 'uuid', (c) =>
      c.notNull().references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('local_date', 'date', (c) => c.notNull())
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('subscription_runs_pkey', ['subscription_id', 'local_date'])
    .execute();

  // The first time a learner opened a finished article, on their local day: the streak counts these days.
  await db.schema
    .createTable('article_reads')
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('read_on', 'date', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('article_reads_pkey', ['owner', 'article_id'])
    .execute();
  await db.schema
    .createIndex('article_reads_day')
    .on('article_reads')
    .columns(['owner', 'read_on'])
    .execute();

  // The spaced-repetition state of each saved entry: a new word is due at once; `review_card` is the FSRS
  // card after the last grade (null until the first).
  await db.schema
    .alterTable('vocabulary')
    .addColumn('review_due', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('review_card', 'jsonb')
    .addColumn('reviewed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('vocabulary_review_due')
    .on('vocabulary')
    .columns(['owner', 'review_due'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('vocabulary_review_due').execute();
  await db.schema
    .alterTable('vocabulary')
    .dropColumn('reviewed_at')
    .dropColumn('review_card')
    .dropColumn('review_due')
    .execute();
  await db.schema.dropTable('article_reads').execute();
  await db.schema.dropTable('subscription_runs').execute();
  await db.schema.dropTable('subscriptions').execute();
}
