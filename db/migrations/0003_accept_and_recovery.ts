import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // The outbox of workflow starts: committed with the article (or its retry), removed once Temporal has the run.
  await db.schema
    .createTable('start_requests')
    .addColumn('article_id', 'uuid', (c) => c.primaryKey().references('articles.id'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('new', 'retry')`))
    // Claimed by a starter until this time; after a failure, the time of the next try.
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('start_requests_due').on('start_requests').column('next_attempt_at').execute();
  // Rows left queued by the accept path before the outbox existed get a start request, so none stays stuck.
  await sql`INSERT INTO start_requests (article_id, kind)
    SELECT id, 'new' FROM articles WHERE status = 'queued' AND deleted_at IS NULL`.execute(db);

  // Event IDs grow across runs of one job: each retry starts its run's versions above the last run's.
  await db.schema
    .alterTable('articles')
    .addColumn('progress_base', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // The duplicate guard compares lower(topic); its index (and the lock, in code) now use the same expression.
  await db.schema.dropIndex('articles_duplicate_guard').execute();
  await sql`CREATE INDEX articles_duplicate_guard
    ON articles (owner, language, level, length, lower(topic), created_at)`.execute(db);
  await sql`CREATE INDEX articles_unfinished ON articles (updated_at)
    WHERE status IN ('queued', 'running')`.execute(db);

  // The change hint: every write to an article row wakes the API processes that watch its job.
  await sql`CREATE FUNCTION opad_notify_job_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('opad_job_changed', NEW.id::text);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER articles_job_changed AFTER UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION opad_notify_job_changed()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER articles_job_changed ON articles`.execute(db);
  await sql`DROP FUNCTION opad_notify_job_changed()`.execute(db);
  await db.schema.dropIndex('articles_unfinished').execute();
  await db.schema.dropIndex('articles_duplicate_guard').execute();
  await db.schema
    .createIndex('articles_duplicate_guard')
    .on('articles')
    .columns(['owner', 'language', 'level', 'length', 'topic', 'created_at'])
    .execute();
  await db.schema.alterTable('articles').dropColumn('progress_base').execute();
  await db.schema.dropTable('start_requests').execute();
}
