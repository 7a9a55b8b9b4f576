import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen history, see 0001_initial
export async function up(db: Kysely<any>): Promise<void> {
  // A learner's answers to an article's comprehension questions: the latest try, with its score.
  await db.schema
    .createTable('question_answers')
    .addColumn('owner', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('question_answers_pkey', ['owner', 'article_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('question_answers').execute();
}
