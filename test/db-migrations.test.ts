import fs from 'node:fs';
import net from 'node:net';
import { sql } from 'kysely';
import { connectDb, type Db } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { type PostgresHandle, startPostgres } from '../stack/postgres';
import { makeTempDir } from './helpers/tmp';

let dir: string;
let postgres: PostgresHandle;
let db: Db;

beforeAll(async () => {
  dir = makeTempDir('postgres');
  // Always a fresh embedded cluster here, even when DATABASE_URL points elsewhere.
  postgres = await startPostgres({ dataDir: `${dir}/pg` });
  db = connectDb(postgres.url);
});

afterAll(async () => {
  await db?.destroy();
  await postgres?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the first run applies every migration and the second is a no-op', async () => {
  expect(await migrateToLatest(db)).toEqual([
    '0001_initial',
    '0002_dictionary',
    '0003_accept_and_recovery',
    '0004_abuse_limits',
    '0005_usage_accounting',
    '0006_budgets',
    '0007_llm_rate_limits',
    '0008_measured_level',
    '0009_question_answers',
    '0010_daily_loop',
    '0011_verified_starts',
    '0013_seen_in_context',
  ]);
  expect(await migrateToLatest(db)).toEqual([]);
  const tables = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY tablename`.execute(
    db,
  );
  expect(tables.rows.map((row) => row.tablename)).toEqual([
    'api_tokens',
    'article_reads',
    'articles',
    'dictionary_cache',
    'generation_starts',
    'idempotency_keys',
    'llm_rate_grants',
    'llm_rate_limits',
    'llm_usage',
    'question_answers',
    'rate_limits',
    'start_requests',
    'subscription_runs',
    'subscriptions',
    'users',
    'vocabulary',
  ]);
});

test('a Kysely round trip stores and reads back a user, an article and its usage', async () => {
  const user = await db
    .insertInto('users')
    .values({ email: 'Reader@Example.com', password_hash: 'hash' })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  expect(user.created_at).toBeInstanceOf(Date);

  const articleId = '7d0f3c2e-9a51-4d7e-8c4b-1f2a3b4c5d6e';
  await db
    .insertInto('articles')
    .values({
      id: articleId,
      owner: user.id,
      language: 'de',
      level: 'B1',
      length: 400,
      topic: 'Klimapolitik in Europa',
      status: 'queued',
      workflow_id: `article-${articleId}`,
      blob_keys: JSON.stringify({ draft: `articles/${articleId}/draft.md` }),
    })
    .execute();
  await db
    .insertInto('llm_usage')
    .values({
      owner: user.id,
      article_id: articleId,
      operation: 'draft',
      model: 'gpt-4o-mini',
      prompt_tokens: 1200,
      completion_tokens: 800,
      cost_usd: 0.00066,
      attempt_id: 'run-1/1/1',
      kept: true,
    })
    .execute();

  const row = await db
    .selectFrom('articles')
    .innerJoin('llm_usage', 'llm_usage.article_id', 'articles.id')
    .select([
      'articles.topic',
      'articles.status',
      'articles.blob_keys',
      'llm_usage.cost_usd',
      'llm_usage.kept',
    ])
    .where('articles.id', '=', articleId)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({
    topic: 'Klimapolitik in Europa',
    status: 'queued',
    blob_keys: { draft: `articles/${articleId}/draft.md` },
    cost_usd: '0.0006600000',
    kept: true,
  });
});

test('the schema enforces the rules the design relies on', async () => {
  await expect(
    db.insertInto('users').values({ email: 'reader@example.com', password_hash: 'other' }).execute(),
  ).rejects.toThrow(/users_email_key/);
  const owner = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  await expect(
    db
      .insertInto('articles')
      .values({
        id: '00000000-0000-4000-8000-000000000001',
        owner: owner.id,
        language: 'en',
        level: 'A1',
        length: 100,
        topic: 't',
        status: 'exploded' as never,
        workflow_id: 'article-x',
      })
      .execute(),
  ).rejects.toThrow(/check constraint/);
});

test('a start on a taken port fails with PostgreSQL’s own reason in the error', async () => {
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => blocker.once('listening', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    // The cluster of this file is running, so a second server needs a folder of its own.
    await expect(startPostgres({ dataDir: `${dir}/pg-taken`, port })).rejects.toThrow(
      /PostgreSQL on port \d+ exited before it was ready[\s\S]*Address already in use/,
    );
  } finally {
    blocker.close();
  }
});
