import fs from 'node:fs';
import path from 'node:path';
import { type ManagedProcess, startManagedProcess } from '../../stack/managed-process';
import { freePort } from '../../stack/ports';
import { SYSTEM_DIR } from '../../stack/postgres-install';
import { buildWeb } from '../../stack/web';
import { type FakeNews, startFakeNews } from '../fixtures/fake-news';
import { type FakeOpenAI, startFakeOpenAI } from '../fixtures/fake-openai';
import { ApiClient, registerAndSignIn } from '../helpers/api-harness';
import { copyProjectIntoPrivateFolder, type PrivateCopy } from '../helpers/private-copy';

// The stack runs from a copy of the project inside a folder only its owner may enter, as a clone in a home
// folder or in `mktemp -d` is, on its default data folder (.data in the clone).
let copy: PrivateCopy;
let dataDir: string;
let modesBefore: Record<string, string>;
let llm: FakeOpenAI;
let news: FakeNews;
let env: Record<string, string>;
let apiUrl: string;
let webUrl: string;
let runs = 0;

beforeAll(async () => {
  await buildWeb();
  copy = copyProjectIntoPrivateFolder();
  dataDir = path.join(copy.clone, '.data');
  modesBefore = copy.modesAbove();
  // Keys of their own, so the log check below looks for strings that appear nowhere else.
  [llm, news] = await Promise.all([
    startFakeOpenAI({ apiKey: 'sk-npm-start-7d2c41f09ab83e65' }),
    startFakeNews({ apiKey: 'serper-npm-start-5e0b93a1c7d2' }),
  ]);
  const [temporalPort, uiPort, apiPort, webPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  webUrl = `http://127.0.0.1:${webPort}`;
  env = {
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    OPENAI_API_KEY: llm.apiKey,
    OPENAI_BASE_URL: llm.baseUrl,
    SERPER_API_KEY: news.apiKey,
    SERPER_BASE_URL: news.baseUrl,
    FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
  };
});

afterAll(async () => {
  await Promise.all([llm?.close(), news?.close()]);
  copy?.remove();
});

/** `npm start` as a user runs it in a terminal, through the package script; stop() is Ctrl-C. */
function npmStart(): Promise<ManagedProcess> {
  const logFile = path.join(copy.home, `npm-start-${++runs}.log`);
  return startManagedProcess({
    name: 'npm start',
    command: 'npm',
    args: ['start', '--silent'],
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    cwd: copy.clone,
    logFile,
    ready: async () => fs.readFileSync(logFile, 'utf8').includes('opad is up'),
    readyTimeoutMs: 180_000,
    processGroup: true,
    stopSignal: 'SIGINT',
  });
}

test('npm start stopped during a generation picks it up again on the next start, and it completes', async () => {
  let stack = await npmStart();
  const banner = fs.readFileSync(stack.logFile, 'utf8');
  expect(banner).toContain(`Web             ${webUrl}`);
  expect(banner).toContain(`API             ${apiUrl}`);
  expect(banner).toMatch(/Temporal Web UI http:\/\/127\.0\.0\.1:\d+/);
  expect(banner).toContain(`LLM             ${llm.baseUrl}`);
  expect(banner).toContain('Dictionary      offline FreeDict and WordNet (7 dictionaries)');
  if (process.getuid?.() === 0) {
    // The postgres user cannot enter the private folder, so the database lives where it can, and opad says so.
    const databaseFiles = /Database files {2}(\S+)/.exec(banner)?.[1] ?? '';
    expect(databaseFiles.startsWith(`${SYSTEM_DIR}/data/`)).toBe(true);
    expect(fs.readFileSync(path.join(path.dirname(databaseFiles), 'ORIGIN'), 'utf8').trim()).toBe(
      path.join(dataDir, 'postgres'),
    );
  }

  const registered = await registerAndSignIn(apiUrl, 'restart@example.com', 'a calm river at dawn');
  const user = new ApiClient(apiUrl, registered.token);
  llm.setChunkDelay('draft', 1_500);
  const { body: job } = await user.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'solar',
  });
  await llm.waitForRequests('draft');

  await stack.stop(60_000);
  expect(fs.readFileSync(stack.logFile, 'utf8')).toContain('opad: stopping');
  llm.setChunkDelay('draft', 0);

  stack = await npmStart();
  try {
    let status = '';
    for (let i = 0; i < 600 && status !== 'completed'; i++) {
      status = (await user.get(`/articles/${job.articleId}`)).body.status;
      if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('completed');
    expect(llm.counts.research).toBe(1);
    expect((await user.get(`/articles/${job.articleId}/content`)).text).toMatch(/^# /);
    const signIn = await fetch(`${webUrl}/login`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('Sign in');
  } finally {
    await stack.stop(60_000);
  }
  expect(copy.modesAbove()).toEqual(modesBefore);
});

/** Every file the stack wrote under DATA_DIR/logs, plus what `npm start` printed. */
function logsOf(stack: ManagedProcess): Record<string, string> {
  const logDir = path.join(dataDir, 'logs');
  const files = fs.readdirSync(logDir).map((name) => path.join(logDir, name));
  return Object.fromEntries([...files, stack.logFile].map((file) => [file, fs.readFileSync(file, 'utf8')]));
}

test('a session through the web and the API leaves no token, password, cookie or key in any log', async () => {
  const stack = await npmStart();
  const password = 'violet kites over the harbour';
  let token = '';
  try {
    const session = await fetch(`${webUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'register', email: 'secrets@example.com', password }),
    });
    expect(session.status).toBe(200);
    token = /opad_token=([^;]+)/.exec(session.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(token).toMatch(/^opad_/);
    const cookie = `opad_token=${token}`;
    const viaWeb = (route: string, init: RequestInit = {}) =>
      fetch(`${webUrl}/api/opad${route}`, { ...init, headers: { cookie, ...init.headers } });

    const created = await viaWeb('/articles', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en', level: 'B1', length: 300, topic: 'wind' }),
    });
    expect(created.status).toBe(202);
    const job = (await created.json()) as { articleId: string; jobId: string };
    // The web's proxy forwards only the routes its pages call; the job's status is read from the API.
    const api = new ApiClient(apiUrl, token);
    let status = '';
    for (let i = 0; i < 600 && status !== 'completed'; i++) {
      status = (await api.get(`/jobs/${job.jobId}`)).body.status;
      if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('completed');
    expect((await fetch(`${webUrl}/articles/${job.articleId}`, { headers: { cookie } })).status).toBe(200);
    expect((await api.get(`/articles/${job.articleId}/content`)).status).toBe(200);
    expect(
      (await new ApiClient(apiUrl).post('/auth/login', { email: 'secrets@example.com', password })).status,
    ).toBe(200);
  } finally {
    await stack.stop(60_000);
  }

  const logs = logsOf(stack);
  // The check means something only if requests were logged at all.
  expect(Object.values(logs).join('')).toContain('/auth/login');
  const secrets = {
    token,
    password,
    'OpenAI key': llm.apiKey,
    'Serper key': news.apiKey,
    'PostgreSQL password': 'opad:opad@',
  };
  for (const [file, text] of Object.entries(logs))
    for (const [name, secret] of Object.entries(secrets))
      expect({ file, name, leaked: text.includes(secret) }).toEqual({ file, name, leaked: false });
});
