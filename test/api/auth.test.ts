import { sql } from 'kysely';
import { ApiHarness, registerAndSignIn } from '../helpers/api-harness';

const harness = new ApiHarness();
beforeAll(async () => {
  await harness.start();
  await harness.startApi({ rateLimitPerMinute: 1000 });
});
afterAll(() => harness.close());

const password = 'a long enough passphrase';

test('register stores an argon2 hash; signing in gives a token stored hashed, which signs the user in', async () => {
  const api = harness.anonymous();
  const res = await api.post('/auth/register', { email: 'Ana@Example.com', password });
  expect(res.status).toBe(202);
  expect(res.body.token).toBeUndefined();
  const user = await harness.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', 'Ana@Example.com')
    .executeTakeFirstOrThrow();
  expect(user.password_hash).toMatch(/^\$argon2id\$/);
  expect(user.password_hash).not.toContain(password);
  const signedIn = await api.post('/auth/login', { email: 'ana@example.com', password });
  expect(signedIn.status).toBe(200);
  expect(signedIn.body.token).toMatch(/^opad_/);
  const tokens = await harness.db
    .selectFrom('api_tokens')
    .select('token_hash')
    .where('user_id', '=', user.id)
    .execute();
  expect(tokens).toHaveLength(1);
  expect(tokens[0]?.token_hash).not.toBe(signedIn.body.token);
  expect(tokens[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);

  const me = await harness.anonymous().get('/auth/me', { authorization: `Bearer ${signedIn.body.token}` });
  expect(me.status).toBe(200);
  expect(me.body.user).toEqual({ id: user.id, email: 'Ana@Example.com' });
});

test('registering a taken email answers exactly as a new one, and changes nothing of the account', async () => {
  const before = await harness.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', 'Ana@Example.com')
    .executeTakeFirstOrThrow();
  const taken = await harness.anonymous().post('/auth/register', {
    email: 'ana@example.COM',
    password: 'an attacker phrase',
  });
  const fresh = await harness.anonymous().post('/auth/register', {
    email: 'someone-new@example.com',
    password: 'an attacker phrase',
  });
  expect(taken.status).toBe(fresh.status);
  expect(taken.text).toBe(fresh.text);
  const sameHeaders = (res: typeof taken) =>
    [...res.headers.entries()].filter(([name]) => !['date', 'ratelimit', 'etag'].includes(name));
  expect(sameHeaders(taken)).toEqual(sameHeaders(fresh));
  const after = await harness.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', before.id)
    .executeTakeFirstOrThrow();
  expect(after).toEqual(before);
  expect(
    await harness.db.selectFrom('users').select('id').where('email', 'ilike', 'ana@example.com').execute(),
  ).toHaveLength(1);
  // The owner still signs in with their own password; the second registration's password opens nothing.
  expect((await harness.anonymous().post('/auth/login', { email: 'ana@example.com', password })).status).toBe(
    200,
  );
  const intruder = await harness
    .anonymous()
    .post('/auth/login', { email: 'ana@example.com', password: 'an attacker phrase' });
  expect(intruder.status).toBe(401);
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

const register = (email: string) => registerAndSignIn(harness.baseUrl, email, password);
const me = (token: string) => harness.anonymous().get('/auth/me', { authorization: `Bearer ${token}` });

test('logout revokes the token it is called with, and only that one', async () => {
  const { token: first } = await register('leaving@example.com');
  const second = (await harness.anonymous().post('/auth/login', { email: 'leaving@example.com', password }))
    .body.token as string;
  const out = await harness.anonymous().request('POST', '/auth/logout', {
    headers: { authorization: `Bearer ${first}` },
  });
  expect(out.status).toBe(204);
  expect((await me(first)).status).toBe(401);
  expect((await me(second)).status).toBe(200);
});

test('a password change revokes every other token and needs the current password', async () => {
  const { token: laptop, user } = await register('mover@example.com');
  const phone = (await harness.anonymous().post('/auth/login', { email: 'mover@example.com', password })).body
    .token as string;
  const change = (token: string, body: unknown) =>
    harness
      .anonymous()
      .request('POST', '/auth/password', { body, headers: { authorization: `Bearer ${token}` } });

  const wrong = await change(laptop, {
    currentPassword: 'not my password',
    newPassword: 'a brand new phrase',
  });
  expect(wrong.status).toBe(403);
  expect(wrong.body.error.message).toMatch(/current password is wrong/);
  const weak = await change(laptop, { currentPassword: password, newPassword: 'short' });
  expect(weak.status).toBe(400);

  const changed = await change(laptop, { currentPassword: password, newPassword: 'a brand new phrase' });
  expect(changed.status).toBe(200);
  expect(changed.body).toEqual({ revokedTokens: 1 });
  expect((await me(laptop)).status).toBe(200);
  expect((await me(phone)).status).toBe(401);
  const oldLogin = await harness.anonymous().post('/auth/login', { email: 'mover@example.com', password });
  expect(oldLogin.status).toBe(401);
  const newLogin = await harness
    .anonymous()
    .post('/auth/login', { email: 'mover@example.com', password: 'a brand new phrase' });
  expect(newLogin.status).toBe(200);
  expect(newLogin.body.user.id).toBe(user.id);
});

test('last_used_at is kept, and written at most once in five minutes', async () => {
  const { token } = await register('regular@example.com');
  const lastUsed = async () =>
    (
      await harness.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select('api_tokens.last_used_at')
        .where('users.email', '=', 'regular@example.com')
        .executeTakeFirstOrThrow()
    ).last_used_at;
  expect(await lastUsed()).toBeNull();
  await me(token);
  const first = await lastUsed();
  expect(first).toBeInstanceOf(Date);
  await me(token);
  expect(await lastUsed()).toEqual(first);
  await sql`UPDATE api_tokens SET last_used_at = now() - interval '6 minutes'`.execute(harness.db);
  await me(token);
  expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 60_000);
});

test('failed sign-ins to one account from one address wait longer and longer, even with the right password', async () => {
  await register('target@example.com');
  const login = (pass: string, from = '10.0.0.1') =>
    harness.anonymous().request('POST', '/auth/login', {
      body: { email: 'TARGET@example.com', password: pass },
      headers: { 'x-forwarded-for': from },
    });
  for (let i = 0; i < 5; i++) expect((await login('guess number one')).status).toBe(401);
  // The sixth failure starts the waits: 2 s, then 4 s.
  expect((await login('guess number six')).status).toBe(401);
  const blocked = await login(password);
  expect(blocked.status).toBe(429);
  expect(blocked.body.error).toMatchObject({ code: 'account_throttled', details: { retryAfterSeconds: 2 } });
  expect(blocked.body.error.message).toMatch(/wait 2 s/);
  await new Promise((resolve) => setTimeout(resolve, 2_100));
  expect((await login('guess number seven')).status).toBe(401);
  const longer = await login(password);
  expect(longer.status).toBe(429);
  expect(longer.body.error.details.retryAfterSeconds).toBe(4);
  await new Promise((resolve) => setTimeout(resolve, 4_100));
  expect((await login(password)).status).toBe(200);
  // A success clears the count.
  expect((await login('one more guess')).status).toBe(401);
  expect((await login(password)).status).toBe(200);
}, 30_000);

test('guesses from elsewhere never lock the learner out, nor block their password change', async () => {
  const { token } = await register('popular@example.com');
  const from = (address: string, pass: string) =>
    harness.anonymous().request('POST', '/auth/login', {
      body: { email: 'popular@example.com', password: pass },
      headers: { 'x-forwarded-for': address },
    });
  // An attacker far past the free failures, from one address and then from another.
  for (let i = 0; i < 8; i++) await from('203.0.113.66', `guess number ${i}`);
  expect((await from('203.0.113.66', password)).status).toBe(429);
  for (let i = 0; i < 8; i++) await from('2001:db8:bad::1', `guess number ${i}`);
  expect((await from('2001:db8:bad::2', password)).status).toBe(429);
  // The learner, at home, signs in at once and changes the password.
  expect((await from('192.0.2.10', password)).status).toBe(200);
  const change = await harness.anonymous().request('POST', '/auth/password', {
    body: { currentPassword: password, newPassword: 'a fresh and long phrase' },
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '192.0.2.10' },
  });
  expect(change.status).toBe(200);
});

test('an email longer than an address can be is a 400 with a message, and no limiter key outgrows its column', async () => {
  const long = `${'a'.repeat(300)}@example.com`;
  const res = await harness.anonymous().post('/auth/login', { email: long, password: 'whatever it is' });
  expect(res.status).toBe(400);
  expect(res.body.error.details.fields.email).toMatch(/at most 254/);
  // The longest email accepted still counts its failures (a 401, not a 500 from the key's column).
  const longest = `${'b'.repeat(242)}@example.com`;
  expect(longest).toHaveLength(254);
  const failed = await harness
    .anonymous()
    .post('/auth/login', { email: longest, password: 'whatever it is' });
  expect(failed.status).toBe(401);
  const { rows: keys } = await sql<{ key: string }>`SELECT key FROM rate_limits`.execute(harness.db);
  expect(keys.length).toBeGreaterThan(0);
  for (const { key } of keys) {
    expect(key.length).toBeLessThanOrEqual(255);
    expect(key).not.toContain('example.com');
  }
});

test('the client address counts only when a trusted proxy (the web) passes it on', async () => {
  const trusting = await harness.serveApi({ rateLimitPerMinute: 2 });
  const attempt = (from: string) =>
    trusting.client().request('POST', '/auth/login', {
      body: { email: 'no-such-learner@example.com', password: 'whatever-else' },
      headers: { 'x-forwarded-for': from },
    });
  expect([(await attempt('198.51.100.1')).status, (await attempt('198.51.100.1')).status]).toEqual([
    401, 401,
  ]);
  expect((await attempt('198.51.100.1')).status).toBe(429);
  // Another learner behind the same web server has a bucket of their own.
  expect((await attempt('198.51.100.2')).status).toBe(401);

  const distrusting = await harness.serveApi({ rateLimitPerMinute: 3, trustedProxies: '192.0.2.1' });
  const spoofed = (from: string) =>
    distrusting.client().request('POST', '/auth/login', {
      body: { email: 'no-such-learner@example.com', password: 'whatever-else' },
      headers: { 'x-forwarded-for': from },
    });
  const statuses = [];
  for (const from of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'])
    statuses.push((await spoofed(from)).status);
  expect(statuses).toEqual([401, 401, 401, 429]);
});

test('an IPv6 client counts by its /64: other addresses in it share the bucket, the next /64 does not', async () => {
  const trusting = await harness.serveApi({ rateLimitPerMinute: 2 });
  const attempt = (from: string) =>
    trusting.client().request('POST', '/auth/login', {
      body: { email: 'no-such-learner@example.com', password: 'whatever-else' },
      headers: { 'x-forwarded-for': from },
    });
  const sameNetwork = [];
  for (const from of ['2001:db8:5:6::1', '2001:db8:5:6:ffff::2', '2001:db8:5:6:1234:5678:9abc:def0'])
    sameNetwork.push((await attempt(from)).status);
  expect(sameNetwork).toEqual([401, 401, 429]);
  expect((await attempt('2001:db8:5:7::1')).status).toBe(401);
});
