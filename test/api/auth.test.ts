import { sql } from 'kysely';
import { ApiHarness } from '../helpers/api-harness';

const harness = new ApiHarness();
beforeAll(async () => {
  await harness.start();
  await harness.startApi({ rateLimitPerMinute: 1000 });
});
afterAll(() => harness.close());

const password = 'a long enough passphrase';

test('register stores an argon2 hash and a hashed token, and the token signs the user in', async () => {
  const api = harness.anonymous();
  const res = await api.post('/auth/register', { email: 'Ana@Example.com', password });
  expect(res.status).toBe(201);
  expect(res.body.token).toMatch(/^opad_/);
  const user = await harness.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', res.body.user.id)
    .executeTakeFirstOrThrow();
  expect(user.password_hash).toMatch(/^\$argon2id\$/);
  expect(user.password_hash).not.toContain(password);
  const tokens = await harness.db
    .selectFrom('api_tokens')
    .select('token_hash')
    .where('user_id', '=', user.id)
    .execute();
  expect(tokens).toHaveLength(1);
  expect(tokens[0]?.token_hash).not.toBe(res.body.token);
  expect(tokens[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);

  const me = await harness.anonymous().get('/auth/me', { authorization: `Bearer ${res.body.token}` });
  expect(me.status).toBe(200);
  expect(me.body.user).toEqual({ id: user.id, email: 'Ana@Example.com' });
});

test('the same email in another case cannot register twice', async () => {
  const res = await harness.anonymous().post('/auth/register', { email: 'ana@example.COM', password });
  expect(res.status).toBe(409);
  expect(res.body.error.code).toBe('email_taken');
});

test('password rules give a message per field', async () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{ email: 'b@example.com', password: 'short' }, 'password', /at least 10 characters/],
    [{ email: 'b@example.com', password: 'aaaaaaaaaaaa' }, 'password', /4 different characters/],
    [{ email: 'b@example.com', password: 'password123' }, 'password', /too common/],
    [{ email: 'bertrand@example.com', password: 'bertrand-2026-x' }, 'password', /email name/],
    [{ email: 'not-an-email', password }, 'email', /valid email/],
    [{ password }, 'email', /email/],
  ];
  for (const [body, field, message] of cases) {
    const res = await harness.anonymous().post('/auth/register', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.fields[field]).toMatch(message);
  }
});

test('login gives a new token; a failed login does not reveal whether the email exists', async () => {
  const ok = await harness.anonymous().post('/auth/login', { email: 'ANA@example.com', password });
  expect(ok.status).toBe(200);
  expect(ok.body.token).toMatch(/^opad_/);
  const lastLogin = await harness.db
    .selectFrom('users')
    .select('last_login')
    .where('id', '=', ok.body.user.id)
    .executeTakeFirstOrThrow();
  expect(lastLogin.last_login).toBeInstanceOf(Date);

  const wrongPassword = await harness
    .anonymous()
    .post('/auth/login', { email: 'ana@example.com', password: 'wrong password!' });
  const unknownEmail = await harness
    .anonymous()
    .post('/auth/login', { email: 'nobody@example.com', password });
  expect(wrongPassword.status).toBe(401);
  expect(unknownEmail.status).toBe(401);
  expect(wrongPassword.body).toEqual(unknownEmail.body);
});

test('missing, forged and expired tokens are refused with 401', async () => {
  expect((await harness.anonymous().get('/auth/me')).status).toBe(401);
  expect((await harness.anonymous().get('/articles')).body.error.code).toBe('unauthorized');
  const forged = await harness.anonymous().get('/articles', { authorization: 'Bearer opad_forged' });
  expect(forged.status).toBe(401);
  expect(forged.body.error.code).toBe('invalid_token');

  const user = await harness.signUp();
  await harness.db
    .updateTable('api_tokens')
    .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
    .execute();
  const expired = await user.get('/auth/me');
  expect(expired.status).toBe(401);
  expect(expired.body.error.message).toMatch(/expired/);
});

test('login is rate limited per client', async () => {
  const limited = await harness.serveApi({ rateLimitPerMinute: 2 });
  const attempt = () =>
    limited.client().post('/auth/login', { email: 'x@example.com', password: 'whatever-else' });
  const statuses = [(await attempt()).status, (await attempt()).status];
  const third = await attempt();
  expect(statuses).toEqual([401, 401]);
  expect(third.status).toBe(429);
  expect(third.body.error.code).toBe('rate_limited');
});
