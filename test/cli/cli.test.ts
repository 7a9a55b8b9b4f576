import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ApiHarness } from '../helpers/api-harness';
import { decodeOpus } from '../helpers/opus';
import { makeTempDir } from '../helpers/tmp';

const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 'correct horse battery';

const harness = new ApiHarness();
const dir = makeTempDir('cli');
/** The config folder of the person all tests but the sign-in ones act as. */
const configDir = path.join(dir, 'config');
let email = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a person would, in a child process without a terminal. */
function opad(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          OPAD_API_URL: harness.baseUrl,
          OPAD_CONFIG_DIR: configDir,
          TEMPORAL_ADDRESS: harness.temporalAddress,
          OPAD_TOKEN: '',
          OPAD_PASSWORD: '',
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

const generateArgs = (topic: string) => [
  'generate',
  '--language',
  'en',
  '--level',
  'B1',
  '--length',
  '300',
  '--topic',
  topic,
];

/** A finished generation made through the API directly, for the tests that only need one to exist. */
async function finishedArticle(topic: string): Promise<{ articleId: string; jobId: string }> {
  const user = await harness.signUp();
  const { body } = await user.post('/articles', { language: 'en', level: 'B1', length: 300, topic });
  await harness.jobResult(body.jobId);
  return body;
}

beforeAll(async () => {
  await harness.start();
  await harness.startWorker();
  await harness.startApi({ rateLimitPerMinute: 1000 });
  email = `cli-${Date.now()}@example.com`;
  const registered = await opad(['register', '--email', email, '--password', PASSWORD]);
  if (registered.code !== 0) throw new Error(`opad register failed: ${registered.stderr}`);
});
afterAll(async () => {
  await harness.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  harness.llm.reset();
  harness.news.reset();
});

test('register saves a token only its owner can read; whoami, logout and login use it', async () => {
  const own = { OPAD_CONFIG_DIR: path.join(dir, 'own') };
  const address = `own-${Date.now()}@example.com`;
  const registered = await opad(['register', '--email', address], { ...own, OPAD_PASSWORD: PASSWORD });
  expect(registered).toMatchObject({ code: 0, stderr: '' });
  expect(registered.stdout).toContain(`signed in as ${address} at ${harness.baseUrl}`);
  const file = path.join(own.OPAD_CONFIG_DIR, 'credentials.json');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).servers[harness.baseUrl]).toMatchObject({
    email: address,
    token: expect.stringMatching(/^opad_/),
  });

  const me = await opad(['whoami', '--json'], own);
  expect(me.code).toBe(0);
  expect(JSON.parse(me.stdout)).toMatchObject({ email: address, id: expect.any(String) });

  const savedToken = JSON.parse(fs.readFileSync(file, 'utf8')).servers[harness.baseUrl].token as string;
  const loggedOut = await opad(['logout'], own);
  expect(loggedOut).toMatchObject({ code: 0, stderr: '' });
  expect(loggedOut.stdout).toContain(`signed out of ${harness.baseUrl}`);
  expect(fs.existsSync(file)).toBe(false);
  // The server no longer accepts the token either, wherever a copy of it may be.
  expect((await opad(['whoami'], { OPAD_TOKEN: savedToken })).code).toBe(1);
  const signedOut = await opad(['whoami'], own);
  expect(signedOut).toMatchObject({ code: 1, stdout: '' });
  expect(signedOut.stderr).toBe('opad: not signed in or the token expired: run `opad login`\n');

  const wrong = await opad(['login', '--email', address, '--password', 'not the password'], own);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain('opad: The email or the password is wrong');
  const login = await opad(['login', '--email', address, '--password', PASSWORD], own);
  expect(login.code).toBe(0);
  expect((await opad(['whoami'], own)).stdout).toContain(address);
});

test('a token the API does not know gets the login hint, and so does no token at all', async () => {
  const stale = await opad(['list'], { OPAD_TOKEN: 'opad_not-a-real-token' });
  expect(stale).toMatchObject({ code: 1, stdout: '' });
  expect(stale.stderr).toBe('opad: not signed in or the token expired: run `opad login`\n');
  const none = await opad(['list'], { OPAD_CONFIG_DIR: path.join(dir, 'nobody') });
  expect(none.code).toBe(1);
  expect(none.stderr).toContain('run `opad login`');
  expect(none.stderr).not.toMatch(/\n\s+at /);
});

test('the API refusing a field prints its message and each field, and exits 2', async () => {
  const weak = await opad(['register', '--email', 'not-an-email', '--password', 'short'], {
    OPAD_CONFIG_DIR: path.join(dir, 'weak'),
  });
  expect(weak.code).toBe(2);
  expect(weak.stderr).toMatch(/^opad: Invalid body: /);
  expect(weak.stderr).toContain('  email: email must be a valid email address\n');
  expect(weak.stderr).toContain('  password: password must have at least 10 characters\n');

  const bad = await opad([
    'generate',
    '--language',
    'xx',
    '--level',
    'B9',
    '--length',
    '50',
    '--topic',
    'tides',
  ]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('  length: length must be at least 100 words\n');
  expect(bad.stderr).toMatch(/ {2}level: level must be one of A1/);
});

test('generate --json streams progress to completion; the same request again is a duplicate', async () => {
  const run = await opad([...generateArgs('community solar'), '--json']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const lines = jsonLines(run.stdout);
  const result = lines.at(-1);
  expect(result).toMatchObject({
    type: 'result',
    status: 'completed',
    articleId: expect.any(String),
    result: { title: expect.any(String) },
  });
  expect(result.jobId).toBe(`article-${result.articleId}`);
  const progress = lines.slice(0, -1);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.every((line) => line.type === 'progress' && line.jobId === result.jobId)).toBe(true);
  expect(progress.at(-1)).toMatchObject({ status: 'completed', percent: 100 });
  expect(
    progress.at(-1).stages.map((stage: { name: string; status: string }) => [stage.name, stage.status]),
  ).toEqual(
    ['research', 'draft', 'adapt', 'level', 'questions', 'narration', 'upload'].map((name) => [
      name,
      'completed',
    ]),
  );

  const again = await opad(generateArgs('community solar'));
  expect(again).toMatchObject({ code: 1, stdout: '' });
  expect(again.stderr).toContain(
    `opad: you asked for the same article less than 24 hours ago: job ${result.jobId} (completed)`,
  );
  expect(again.stderr).toContain(`\`opad watch ${result.articleId}\``);
  expect(again.stderr).toContain('--force');
});

test('list, status and watch show a finished generation', async () => {
  const run = await opad([...generateArgs('heat networks'), '--json']);
  expect(run.code).toBe(0);
  const { articleId, jobId } = jsonLines(run.stdout).at(-1);

  const table = await opad(['list']);
  expect(table.code).toBe(0);
  const header = table.stdout.split('\n')[0];
  expect(header).toMatch(/^ARTICLE\s+STATUS\s+STAGE\s+LANG\s+LEVEL\s+WORDS\s+CREATED\s+TOPIC$/);
  const row = table.stdout.split('\n').find((line) => line.startsWith(articleId));
  expect(row).toMatch(/completed\s+en\s+B1\s+300\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+heat networks: /);
  const filtered = await opad([
    'list',
    '--status',
    'completed',
    '--language',
    'en',
    '--level',
    'B1',
    '--json',
  ]);
  expect(JSON.parse(filtered.stdout).items.map((item: { id: string }) => item.id)).toContain(articleId);
  expect((await opad(['list', '--status', 'failed'])).stdout).toBe('no articles match these filters\n');

  const status = await opad(['status', articleId]);
  expect(status.code).toBe(0);
  expect(status.stdout).toContain(`article ${articleId}: en B1, 300 words, "heat networks"`);
  expect(status.stdout).toContain(`job ${jobId}  completed  100%`);
  expect(status.stdout).toMatch(/✓ research\s+completed\s+1 attempt/);
  // The fake model's short sentences measure A1 for B1: said, not looped on.
  expect(status.stdout).toMatch(/level {3}asked B1, measured A1 \(\d\.\d, too-easy\)/);
  expect(status.stdout).toMatch(/✓ level\s+completed\s+1 attempt\s+.*pass 1: A1 \(\d\.\d\) too-easy/);
  const statusJson = await opad(['status', jobId, '--json']);
  expect(JSON.parse(statusJson.stdout)).toMatchObject({
    articleId,
    jobId,
    status: 'completed',
    article: { id: articleId, topic: 'heat networks' },
    progress: { status: 'completed', percent: 100 },
  });

  const watched = await opad(['watch', jobId]);
  expect(watched).toMatchObject({ code: 0, stderr: '' });
  const lines = watched.stdout.trim().split('\n');
  for (const stage of ['research', 'draft', 'adapt', 'upload'])
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${stage}\\s+completed\\s+1 attempt\\s+\\S`)),
    );
  expect(lines.at(-2)).toMatch(/^completed: ".+", \d+ words, in /);
  expect(lines.at(-1)).toBe(`article ${articleId}`);
});

test('a generation that fails shows why and exits 1; retry resumes it to completion', async () => {
  harness.llm.injectFault('adapt', { kind: 'status', status: 401 });
  const failed = await opad(generateArgs('biogas plants'));
  expect(failed.code).toBe(1);
  expect(failed.stdout).toMatch(/^research\s+completed\s+1 attempt/m);
  expect(failed.stdout).toMatch(/^adapt\s+failed\s+1 attempt\s+.*last error: LlmAuthError: /m);
  const articleId = failed.stderr.match(/opad retry ([0-9a-f-]{36})/)?.[1] as string;
  expect(articleId).toBeDefined();
  // The API tells learners the operator must fix a setting; the provider's words are in Temporal (`opad history`).
  expect(failed.stderr).toMatch(/^opad: the generation failed at adapt: LlmAuthError: .*operator must fix/);
  expect(failed.stderr).not.toMatch(/\n\s+at /);

  const retried = await opad(['retry', articleId]);
  expect(retried).toMatchObject({ code: 0, stderr: '' });
  expect(retried.stdout).toMatch(/^adapt\s+completed\s+/m);
  expect(retried.stdout).toContain(`article ${articleId}`);
  // The retry resumed at adapt: research and draft were reused, not paid for again.
  expect(harness.llm.counts).toEqual({ research: 1, draft: 1, adapt: 2, questions: 1 });
  expect(JSON.parse((await opad(['status', articleId, '--json'])).stdout).status).toBe('completed');

  const notFailed = await opad(['retry', articleId]);
  expect(notFailed.code).toBe(1);
  expect(notFailed.stderr).toContain(
    'Only a failed or cancelled generation can be retried; this one is completed',
  );
});

test('cancel stops a running generation', async () => {
  harness.llm.setChunkDelay('draft', 5000);
  const started = await opad([...generateArgs('smart grids'), '--no-wait', '--json']);
  expect(started.code).toBe(0);
  const job = JSON.parse(started.stdout);
  expect(job).toEqual({
    articleId: expect.any(String),
    jobId: `article-${job.articleId}`,
    status: 'queued',
    message: 'Saved; the generation starts in a moment',
  });
  await harness.llm.waitForRequests('draft');

  const cancelled = await opad(['cancel', job.jobId]);
  expect(cancelled).toMatchObject({ code: 0, stderr: '' });
  expect(cancelled.stdout).toContain(`cancelling job ${job.jobId}`);
  await harness.jobResult(job.jobId).catch(() => undefined);
  const status = await opad(['status', job.articleId, '--json']);
  expect(JSON.parse(status.stdout)).toMatchObject({ status: 'cancelled' });
  const watched = await opad(['watch', job.articleId]);
  expect(watched.code).toBe(1);
  expect(watched.stderr).toContain('opad: the generation was cancelled');

  const again = await opad(['cancel', job.articleId]);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain(
    'Only a queued or running generation can be cancelled; this one is cancelled',
  );
});

test('audio saves the narration and its timings; an article of someone else is not found', async () => {
  const run = await opad([...generateArgs('narrated heat'), '--json']);
  expect(run.code).toBe(0);
  const { articleId } = jsonLines(run.stdout).at(-1);
  const file = path.join(dir, 'story.opus');
  const timingsFile = path.join(dir, 'story.json');
  const saved = await opad(['audio', articleId, '--output', file, '--timings', timingsFile]);
  expect(saved.stderr).toBe('');
  expect(saved.code).toBe(0);
  const timings = JSON.parse(fs.readFileSync(timingsFile, 'utf8'));
  expect(saved.stdout).toMatch(
    new RegExp(
      `^wrote ${file}: \\d+ s of narration, ${timings.sentences.length} sentences, \\d+ KiB \\(Ogg Opus\\)`,
    ),
  );
  const decoded = await decodeOpus(new Uint8Array(fs.readFileSync(file)));
  expect(Math.abs(decoded.seconds - timings.duration)).toBeLessThan(0.1 * timings.duration);

  const other = await finishedArticle('not mine');
  const refused = await opad(['audio', other.articleId, '--output', path.join(dir, 'other.opus')]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^opad: Article .* not found/);
  expect(fs.existsSync(path.join(dir, 'other.opus'))).toBe(false);
});

test('history exports JSON that replays against the current code and fails against a nondeterministic one', async () => {
  const { articleId, jobId } = await finishedArticle('offshore wind');
  const file = path.join(dir, 'history.json');
  const exported = await opad(['history', articleId, '--output', file]);
  expect(exported).toMatchObject({ code: 0, stderr: '' });
  expect(exported.stdout).toMatch(new RegExp(`^wrote \\d+ events of ${jobId} to `));
  const history = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(history.events.length).toBeGreaterThan(10);
  expect(history.events[0]).toMatchObject({
    eventId: '1',
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
    workflowExecutionStartedEventAttributes: { workflowType: { name: 'generateArticle' } },
  });
  expect(history.events.at(-1).eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  const toStdout = await opad(['history', jobId]);
  expect(JSON.parse(toStdout.stdout)).toEqual(history);

  const replayed = await opad(['replay', file]);
  expect(replayed).toMatchObject({ code: 0, stderr: '' });
  expect(replayed.stdout).toMatch(/^replay ok: history\.json \(\d+ events\)/);

  const broken = await opad(['replay', file, '--workflows', 'test/fixtures/workflows/nondeterministic.ts']);
  expect(broken).toMatchObject({ code: 1, stdout: '' });
  expect(broken.stderr).toMatch(
    /^opad: replay failed: test\/fixtures\/workflows\/nondeterministic\.ts is nondeterministic for history\.json/,
  );
  expect(broken.stderr).toContain('Nondeterminism error');
  expect(broken.stderr).not.toMatch(/\n\s+at /);

  const fromServer = await opad(['replay', jobId]);
  expect(fromServer).toMatchObject({ code: 0, stderr: '' });
  expect(fromServer.stdout).toContain(`replay ok: ${jobId}`);
});

test('replay explains a missing file, a file that is not JSON and one that is not a history', async () => {
  const missing = await opad(['replay', path.join(dir, 'nope.json')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain(`opad: no such file: ${path.join(dir, 'nope.json')}`);
  const notJson = path.join(dir, 'not.json');
  fs.writeFileSync(notJson, 'this is not json');
  const garbled = await opad(['replay', notJson]);
  expect(garbled.code).toBe(1);
  expect(garbled.stderr).toMatch(/^opad: .*not\.json is not JSON: /);
  fs.writeFileSync(notJson, '{"hello": "world"}');
  const other = await opad(['replay', notJson]);
  expect(other.code).toBe(1);
  expect(other.stderr).toMatch(/^opad: .*not\.json is not a workflow history/);
  for (const run of [missing, garbled, other]) expect(run.stderr).toContain('opad history <id> --output');
});

test('history of a workflow that does not exist says so', async () => {
  const run = await opad(['history', '00000000-0000-4000-8000-000000000000']);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `opad: workflow article-00000000-0000-4000-8000-000000000000 was not found in namespace default at ${harness.temporalAddress}`,
  );
});

test("temporal-ui prints a run's Web UI address for operators, where they reach it", async () => {
  const id = '0b8f0000-0000-4000-8000-000000000001';
  const local = await opad(['temporal-ui', id]);
  expect(local).toMatchObject({
    code: 0,
    stdout: `http://127.0.0.1:8233/namespaces/default/workflows/article-${id}\n`,
  });
  const proxied = await opad(['temporal-ui', '--namespace', 'opad-prod', `article-${id}`], {
    TEMPORAL_UI_URL: 'https://ops.example.org/temporal/',
  });
  expect(proxied.stdout).toBe(
    `https://ops.example.org/temporal/namespaces/opad-prod/workflows/article-${id}\n`,
  );
  const wrong = await opad(['temporal-ui', '--url', 'ftp://ops']);
  expect(wrong).toMatchObject({ code: 2, stdout: '' });
  expect(wrong.stderr).toContain('opad: --url must be an http:// or https:// URL; got "ftp://ops"');
});

test('an unreachable API or Temporal gets a message naming the address, without a stack trace', async () => {
  const api = await opad(['list'], { OPAD_API_URL: 'http://127.0.0.1:1' });
  expect(api).toMatchObject({ code: 1, stdout: '' });
  expect(api.stderr).toMatch(
    /^opad: cannot reach the opad API at http:\/\/127\.0\.0\.1:1 \(is `npm start` running\?\)\n {2}.+OPAD_API_URL/,
  );
  const generate = await opad(generateArgs('anything'), { OPAD_API_URL: 'http://127.0.0.1:1' });
  expect(generate.code).toBe(1);
  expect(generate.stderr).toContain('cannot reach the opad API at http://127.0.0.1:1');

  const temporal = await opad(['history', '00000000-0000-4000-8000-000000000000'], {
    TEMPORAL_ADDRESS: '127.0.0.1:1',
  });
  expect(temporal).toMatchObject({ code: 1, stdout: '' });
  expect(temporal.stderr).toMatch(
    /^opad: cannot reach Temporal at 127\.0\.0\.1:1 .*\n {2}.*TEMPORAL_ADDRESS/,
  );
  for (const run of [api, generate, temporal]) expect(run.stderr).not.toMatch(/\n\s+at /);
});

test('wrong usage exits 2 with a hint', async () => {
  const unknown = await opad(['frobnicate']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("opad: unknown command 'frobnicate'");
  const badId = await opad(['status', 'not-an-id']);
  expect(badId.code).toBe(2);
  expect(badId.stderr).toContain('is neither an article id (a UUID) nor a job id (article-<uuid>)');
  const badLength = await opad([
    'generate',
    '--language',
    'en',
    '--level',
    'B1',
    '--length',
    'long',
    '--topic',
    'x',
  ]);
  expect(badLength.code).toBe(2);
  expect(badLength.stderr).toContain('expected a whole number');
  const badUrl = await opad(['list'], { OPAD_API_URL: 'localhost 4000' });
  expect(badUrl.code).toBe(2);
  expect(badUrl.stderr).toContain('OPAD_API_URL must be a URL');
});
