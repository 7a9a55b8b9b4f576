import { sql } from 'kysely';
import { openApiDocument } from '../../api/openapi';
import { type ApiClient, useApiHarness } from '../helpers/api-harness';
import { prng } from '../helpers/prng';

/**
 * Abuse: a seeded fuzzer over every documented route. Every answer must be a 4xx (never a 5xx), the server
 * must stay up, and nothing from a rejected request may be stored. OPAD_RELIABILITY_LONG=1 sends more.
 */
const harness = useApiHarness();
const ROUNDS = process.env.OPAD_RELIABILITY_LONG ? 40 : 6;

const NASTY_STRINGS = [
  "' OR 1=1 --",
  "'); DROP TABLE articles; --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '🦄💥👾',
  'ﷺ𒐫𒈙',
  'A'.repeat(5000),
  '{{7*7}}',
  `\${jndi:ldap://x}`,
  ' ',
  '',
];

function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * 9);
  switch (pick) {
    case 0:
      return NASTY_STRINGS[Math.floor(random() * NASTY_STRINGS.length)];
    case 1:
      return Math.floor(random() * 1e12) * (random() < 0.5 ? -1 : 1);
    case 2:
      return random() < 0.5 ? Number.MAX_SAFE_INTEGER : 1e308;
    case 3:
      return random() < 0.5;
    case 4:
      return null;
    case 5:
      return depth > 3
        ? []
        : Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    case 6:
      return depth > 3 ? {} : randomObject(random, depth + 1);
    case 7:
      return 'x'.repeat(Math.floor(random() * 300));
    default:
      return undefined;
  }
}

const FIELDS = [
  'language',
  'level',
  'length',
  'topic',
  'email',
  'password',
  'word',
  'sentence',
  'lemma',
  'definition',
  'articleId',
  '__proto__',
  'constructor',
];

function randomObject(random: () => number, depth = 0): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const field of FIELDS) {
    // defineProperty keeps "__proto__" an own key, so it reaches the server as JSON, as an attacker would send it.
    if (random() < 0.5) {
      Object.defineProperty(object, field, {
        value: randomValue(random, depth),
        enumerable: true,
        writable: true,
      });
    }
  }
  return object;
}

function randomBody(random: () => number): { raw?: string; json?: unknown } {
  const kind = Math.floor(random() * 5);
  if (kind === 0) return { raw: '{"language": "en", "level": ' };
  if (kind === 1) return { raw: `[${'['.repeat(5000)}` };
  if (kind === 2) return { raw: JSON.stringify({ topic: 'y'.repeat(300_000) }) };
  if (kind === 3) return { json: randomValue(random) };
  return { json: randomObject(random) };
}

function fillPath(template: string, random: () => number): string {
  return template.replace(/\{(\w+)\}/g, () => {
    const options = [
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
      '..%2F..%2Fetc',
      '%00',
      'article-x',
      "1'--",
      '🦄',
    ];
    return encodeURIComponent(options[Math.floor(random() * options.length)] as string).replace(/%25/g, '%');
  });
}

async function storedCounts() {
  const row = await sql<Record<string, string>>`SELECT
      (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM articles) AS articles,
      (SELECT count(*) FROM vocabulary) AS vocabulary, (SELECT count(*) FROM idempotency_keys) AS keys,
      (SELECT count(*) FROM llm_usage) AS usage`.execute(harness.db);
  return row.rows[0];
}

test('a fuzzer over every route gets only 4xx, the server stays up, and nothing rejected is stored', async () => {
  const user: ApiClient = await harness.signUp();
  // Sign-out takes no body and succeeds with any: fuzzing it would only end the session the fuzzer uses
  // (test/api/auth.test.ts covers it).
  const routes = Object.entries(openApiDocument().paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => path !== '/auth/logout')
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
    );
  const seed = Number(process.env.OPAD_FUZZ_SEED ?? 20261122);
  const random = prng(seed);
  const before = await storedCounts();
  const serverErrors: string[] = [];
  let sent = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const route of routes) {
      const client = random() < 0.8 ? user : harness.anonymous();
      const path =
        fillPath(route.path, random) +
        (random() < 0.3
          ? `?limit=${encodeURIComponent(`${JSON.stringify(randomValue(random))}`)}&status=%27`
          : '');
      const body = route.method === 'GET' || route.method === 'DELETE' ? {} : randomBody(random);
      const headers: Record<string, string> =
        random() < 0.2
          ? {
              'idempotency-key': Buffer.from(`${JSON.stringify(randomValue(random))}`.slice(0, 400)).toString(
                'latin1',
              ),
            }
          : {};
      const res = await client.request(route.method, path, { body: body.json, rawBody: body.raw, headers });
      sent++;
      if (res.status >= 500)
        serverErrors.push(`${route.method} ${path} → ${res.status} ${res.text.slice(0, 200)} (seed ${seed})`);
      else if (
        res.status < 400 &&
        route.path !== '/health' &&
        route.path !== '/metrics' &&
        route.path !== '/openapi.json'
      ) {
        // A random body that happens to be valid is fine, but it must be a read: nothing may have been created.
        expect(['GET', 'DELETE']).toContain(route.method);
      }
    }
  }
  console.log(`fuzzer: ${sent} requests over ${routes.length} routes, seed ${seed}`);
  expect(serverErrors).toEqual([]);
  expect((await harness.anonymous().get('/health')).status).toBe(200);
  expect(await storedCounts()).toEqual(before);
});

test('expired and forged tokens are refused, and another user gets 404 for every route with an id', async () => {
  const owner = await harness.signUp();
  const created = await owner.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'tokens',
  });
  await harness.jobResult(created.body.jobId);
  const saved = await owner.post('/vocabulary', {
    language: 'en',
    word: 'grid',
    lemma: 'grid',
    definition: 'd',
  });

  for (const token of ['opad_forged', `${owner.token}x`, 'Bearer', '" OR 1=1']) {
    const res = await harness.anonymous().get('/articles', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  }
  const other = await harness.signUp();
  const id = created.body.articleId;
  const attempts = await Promise.all([
    other.get(`/articles/${id}`),
    other.get(`/articles/${id}/content`),
    other.delete(`/articles/${id}`),
    other.post(`/articles/${id}/retry`),
    other.post(`/articles/${id}/cancel`),
    other.get(`/jobs/${created.body.jobId}`),
    other.get(`/jobs/${created.body.jobId}/events`),
    other.get(`/usage/articles/${id}`),
    other.delete(`/vocabulary/${saved.body.id}`),
  ]);
  expect(attempts.map((res) => res.status)).toEqual(attempts.map(() => 404));

  await harness.db
    .updateTable('api_tokens')
    .set({ expires_at: sql<Date>`now() - interval '1 second'` })
    .execute();
  expect((await owner.get('/articles')).status).toBe(401);
});

test('research refuses private, loopback and link-local URLs that come back from a search', async () => {
  const taskQueue = 'public-only';
  await harness.startWorker({ taskQueue, env: { FETCH_ALLOW_PRIVATE_NETWORKS: 'false' } });
  const port = new URL(harness.news.baseUrl).port;
  const hostile = [
    harness.news.pageUrl('solar-farms'),
    `http://localhost:${port}/pages/wind-power`,
    `http://[::1]:${port}/pages/battery-storage`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/admin',
    'http://192.168.1.1/',
    'file:///etc/passwd',
  ];
  harness.news.setResults(
    hostile.map((link, i) => ({
      title: `Story ${i}`,
      link,
      snippet: 'news',
      date: '1 hour ago',
      source: 'Evil',
    })),
  );
  const input = await harness.createArticle({ topic: 'metadata service' });
  const handle = await harness.startGeneration(input, taskQueue);
  await expect(handle.result()).rejects.toThrow();
  const progress = await harness.progress(handle);
  expect(progress.error).toMatchObject({ type: 'NoArticleFound', stage: 'research' });
  expect(harness.news.pageHits).toEqual({});
  expect(harness.llm.counts).toEqual({});
});
