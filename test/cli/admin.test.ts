import { execFile } from 'node:child_process';
import path from 'node:path';
import { ApiHarness, registerAndSignIn } from '../helpers/api-harness';
import { makeTempDir } from '../helpers/tmp';

const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 'correct horse battery';

/** The API on real servers; no worker, since no article is generated here. */
const harness = new ApiHarness();
beforeAll(async () => {
  await harness.start();
  await harness.startApi({ rateLimitPerMinute: 1000 });
});
afterAll(() => harness.close());

/** Runs `opad` as an operator on the database's machine would: a child process, DATABASE_URL in its env. */
function opad(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          OPAD_CONFIG_DIR: makeTempDir('admin-cli'),
          OPAD_PASSWORD: '',
          DATABASE_URL: harness.databaseUrl,
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const login = (email: string, password: string, from = '192.0.2.20') =>
  harness.anonymous().request('POST', '/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': from },
  });

test('opad admin reset-password sets a new password, signs out every device and clears the waits', async () => {
  const email = 'forgetful@example.com';
  const laptop = await registerAndSignIn(harness.baseUrl, email, PASSWORD);
  const phone = (await login(email, PASSWORD, '192.0.2.21')).body.token as string;
  // The learner guessed at their forgotten password until this address had to wait.
  for (let i = 0; i < 7; i++) await login(email, `my old guess ${i}`);
  expect((await login(email, PASSWORD)).status).toBe(429);

  const reset = await opad(['admin', 'reset-password', '--email', 'Forgetful@Example.com']);
  expect(reset).toMatchObject({ code: 0, stderr: '' });
  expect(reset.stdout).toContain(`password of ${email} reset; 2 token(s) revoked`);
  const password = /new password: (\S+)/.exec(reset.stdout)?.[1] ?? '';
  expect(password).toHaveLength(20);

  for (const token of [laptop.token, phone])
    expect((await harness.anonymous().get('/auth/me', { authorization: `Bearer ${token}` })).status).toBe(
      401,
    );
  expect((await login(email, PASSWORD, '192.0.2.22')).status).toBe(401);
  // From the very address that had to wait.
  const signedIn = await login(email, password);
  expect(signedIn.status).toBe(200);
  expect(signedIn.body.user.email).toBe(email);
});

test('a password the operator chooses must pass the rules, and an unknown email changes nothing', async () => {
  await registerAndSignIn(harness.baseUrl, 'chosen@example.com', PASSWORD);
  const weak = await opad([
    'admin',
    'reset-password',
    '--email',
    'chosen@example.com',
    '--password',
    'short',
  ]);
  expect(weak.code).toBe(2);
  expect(weak.stderr).toMatch(/at least 10 characters/);
  expect((await login('chosen@example.com', PASSWORD)).status).toBe(200);

  const chosen = await opad(['admin', 'reset-password', '--email', 'chosen@example.com'], {
    OPAD_PASSWORD: 'a phrase they agreed on',
  });
  expect(chosen.code).toBe(0);
  // A password the operator chose is not printed back.
  expect(chosen.stdout).not.toContain('a phrase they agreed on');
  expect((await login('chosen@example.com', 'a phrase they agreed on')).status).toBe(200);

  const unknown = await opad(['admin', 'reset-password', '--email', 'nobody-here@example.com']);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('no account has the email nobody-here@example.com');
});

test('without the database URL the command says what it needs', async () => {
  const missing = await opad(['admin', 'reset-password', '--email', 'chosen@example.com'], {
    DATABASE_URL: '',
  });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/DATABASE_URL/);
});
