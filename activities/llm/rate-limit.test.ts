import fs from 'node:fs';
import { connectDb, type Db } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { type PostgresHandle, startPostgres } from '../../stack/postgres';
import { type FakeOpenAI, startFakeOpenAI } from '../../test/fixtures/fake-openai';
import { makeTempDir } from '../../test/helpers/tmp';
import { LlmClient } from './llm-client';
import { SharedLlmLimiter } from './rate-limit';

let dir: string;
let postgres: PostgresHandle;
let db: Db;
let fake: FakeOpenAI;

beforeAll(async () => {
  dir = makeTempDir('rate-limit');
  [postgres, fake] = await Promise.all([startPostgres({ dataDir: `${dir}/pg` }), startFakeOpenAI()]);
  db = connectDb(postgres.url);
  await migrateToLatest(db);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await Promise.all([postgres?.stop(), fake?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Acquires, or reports the wait it was told and gives up on it. */
async function tryAcquire(limiter: SharedLlmLimiter, key: string, tokens: number) {
  const stop = new AbortController();
  let waitMs: number | undefined;
  const grant = await limiter
    .acquire(key, tokens, {
      signal: stop.signal,
      onWait: (untilMs) => {
        waitMs = untilMs - Date.now();
        stop.abort();
      },
    })
    .catch(() => undefined);
  return { grant, waitMs };
}

test('draws share one budget per key over a rolling minute, and a settled draw counts what it used', async () => {
  // Two limiters: two worker processes.
  const one = new SharedLlmLimiter(db, { tokensPerMinute: 1_000, requestsPerMinute: 0 });
  const two = new SharedLlmLimiter(db, { tokensPerMinute: 1_000, requestsPerMinute: 0 });
  const first = await tryAcquire(one, 'fake gpt-4o-mini', 600);
  expect(first.grant).toBeDefined();
  const second = await tryAcquire(two, 'fake gpt-4o-mini', 600);
  expect(second.grant).toBeUndefined();
  // The first draw leaves the window a minute after it was made.
  expect(second.waitMs).toBeGreaterThan(55_000);
  // Another model has a budget of its own.
  expect((await tryAcquire(two, 'fake gpt-4o', 600)).grant).toBeDefined();

  await first.grant?.settle(100);
  expect((await tryAcquire(two, 'fake gpt-4o-mini', 600)).grant).toBeDefined();
});

test('requests per minute are a budget too', async () => {
  const limiter = new SharedLlmLimiter(db, { tokensPerMinute: 0, requestsPerMinute: 2 });
  expect((await tryAcquire(limiter, 'rpm', 1)).grant).toBeDefined();
  expect((await tryAcquire(limiter, 'rpm', 1)).grant).toBeDefined();
  expect((await tryAcquire(limiter, 'rpm', 1)).grant).toBeUndefined();
});

test("a provider's Retry-After pauses the shared budget for every worker, not only the call that met it", async () => {
  const limits = { tokensPerMinute: 100_000, requestsPerMinute: 0 };
  const settings = {
    apiKey: fake.apiKey,
    baseUrl: fake.baseUrl,
    models: {
      research: 'gpt-4o-mini',
      draft: 'gpt-4o-mini',
      adapt: 'gpt-4o-mini',
      questions: 'gpt-4o-mini',
      dictionary: 'gpt-4o-mini',
    },
    prices: {},
    idleTimeoutMs: 1_000,
  };
  const met = new LlmClient(settings, new SharedLlmLimiter(db, limits));
  fake.injectFault('draft', { kind: 'status', status: 429, retryAfterSeconds: 30 });
  const messages = [{ role: 'user' as const, content: 'Write about harbours.' }];
  await expect(met.chat({ operation: 'draft', messages })).rejects.toMatchObject({ type: 'LlmRateLimited' });

  const otherWorker = new SharedLlmLimiter(db, limits);
  const { grant, waitMs } = await tryAcquire(otherWorker, `${fake.baseUrl} gpt-4o-mini`, 10);
  expect(grant).toBeUndefined();
  expect(waitMs).toBeGreaterThan(25_000);
});
