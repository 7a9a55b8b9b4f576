import { freePort } from '../../stack/ports';
import { ApiClient } from '../helpers/api-harness';
import { PipelineHarness } from '../helpers/pipeline-harness';

/** Two API processes, as behind a load balancer, on one PostgreSQL: one limit between them, not one each. */
const harness = new PipelineHarness();
let apis: ApiClient[] = [];
beforeAll(async () => {
  await harness.start();
  const ports = [await freePort(), await freePort()];
  const env = { API_RATE_LIMIT_PER_MINUTE: '3' };
  await Promise.all(ports.map((port, i) => harness.spawnApi(`limits-${i}`, port, env)));
  apis = ports.map((port) => new ApiClient(`http://127.0.0.1:${port}`));
});
afterAll(() => harness.close());

test('two API processes enforce one sign-in limit per address between them', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const api = apis[i % 2] as ApiClient;
    const res = await api.post('/auth/login', {
      email: `someone${i}@example.com`,
      password: 'not the password',
    });
    statuses.push(res.status);
  }
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
});

test('a registration, a generation and a dictionary limit do not eat into each other', async () => {
  const [first, second] = apis as [ApiClient, ApiClient];
  const account = { email: 'separate-buckets@example.com', password: 'correct horse battery' };
  expect((await first.post('/auth/register', account)).status).toBe(202);
  // The test above spent this address's sign-ins; the learner signs in from another one (the API trusts
  // loopback, as it trusts the web).
  const login = await first.post('/auth/login', account, { 'x-forwarded-for': '198.51.100.77' });
  expect(login.status).toBe(200);
  const registered = login.body as { token: string };
  const signedIn = new ApiClient(second.baseUrl, registered.token);
  const lookups = [];
  for (let i = 0; i < 4; i++)
    lookups.push(
      (
        await signedIn.post('/dictionary/lookup', {
          word: 'x',
          sentence: 'no such word here',
          language: 'en',
        })
      ).status,
    );
  // Three lookups pass the limit (and fail on their input); the fourth is refused by the dictionary's limit.
  expect(lookups).toEqual([400, 400, 400, 429]);
  const generate = await new ApiClient(first.baseUrl, registered.token).post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'separate buckets',
  });
  expect(generate.status).toBe(202);
});
