import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { CredentialStore } from '../../cli/credentials';
import { formatDuration } from '../../cli/format';
import { parseJobRef, workflowIdOf } from '../../cli/ids';
import type { Io } from '../../cli/io';
import { createView, stageLine } from '../../cli/progress-view';
import { parseSse } from '../../cli/sse';
import type { GenerationProgress, StageProgress } from '../../workflows/types';
import { makeTempDir } from '../helpers/tmp';

const ARTICLE = '2f2505bb-e62c-4f17-a017-079367fc7634';

function capture(isTTY: boolean): { io: Io; text: () => string } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { io: { out, err: new PassThrough(), isTTY, columns: 80 }, text: () => chunks.join('') };
}

const stage = (name: StageProgress['name'], fields: Partial<StageProgress> = {}): StageProgress => ({
  name,
  status: 'pending',
  attempts: 0,
  tokens: { prompt: 0, completion: 0 },
  ...fields,
});

function progress(version: number, stages: StageProgress[]): GenerationProgress {
  return {
    articleId: ARTICLE,
    version,
    status: 'running',
    stage: 'draft',
    percent: 30,
    stages: [
      ...stages,
      ...['draft', 'adapt', 'upload'].slice(stages.length - 1).map((name) => stage(name as 'draft')),
    ],
    message: 'Writing the B1 version',
  };
}

const researchDone = stage('research', {
  status: 'completed',
  attempts: 1,
  startedAt: '2025-01-01T10:00:00.000Z',
  finishedAt: '2025-01-01T10:00:02.300Z',
});

test('a stage line shows status, attempts, duration and the last error', () => {
  expect(stageLine(researchDone, { symbols: false })).toBe('research  completed  1 attempt   2.3 s');
  const retrying = stage('draft', {
    status: 'running',
    attempts: 2,
    startedAt: '2025-01-01T10:00:02.300Z',
    lastError: { type: 'LlmServerError', message: 'HTTP 500' },
  });
  expect(stageLine(retrying, { symbols: true, now: Date.parse('2025-01-01T10:01:07.300Z') })).toBe(
    '● draft     running    attempt 2   1 min 05 s  last error: LlmServerError: HTTP 500',
  );
  expect(stageLine(stage('upload'), { symbols: true })).toBe('· upload    pending');
});

test('the level stage lists what each pass measured', () => {
  const level = stage('level', {
    status: 'completed',
    attempts: 1,
    startedAt: '2025-01-01T10:00:00.000Z',
    finishedAt: '2025-01-01T10:00:01.500Z',
    passes: [
      { pass: 1, level: 'C1', score: 4.8, verdict: 'too-hard' },
      { pass: 2, level: 'B1', score: 3.2, verdict: 'at-level' },
    ],
  });
  expect(stageLine(level, { symbols: false })).toBe(
    'level     completed  1 attempt   1.5 s      pass 1: C1 (4.8) too-hard, pass 2: B1 (3.2) at-level',
  );
});

test('a stage waiting out an outage says on what, for how long, and when it tries again', () => {
  const waiting = stage('draft', {
    status: 'running',
    attempts: 9,
    startedAt: '2025-01-01T10:00:00.000Z',
    waiting: {
      dependency: 'llm',
      since: '2025-01-01T10:00:01.000Z',
      attempt: 9,
      nextAttemptAt: '2025-01-01T10:06:00.000Z',
    },
    lastError: { type: 'LlmUnavailable', message: 'The LLM provider is unavailable (HTTP 503)' },
  });
  expect(stageLine(waiting, { symbols: false, now: Date.parse('2025-01-01T10:04:01.000Z') })).toBe(
    'draft     running    attempt 9   4 min 01 s  Waiting for the LLM provider to come back (down for 4 min) · ' +
      'attempt 9 failed · next try in 2 min  last error: LlmUnavailable: The LLM provider is unavailable (HTTP 503)',
  );
});

test('on a terminal the view redraws its block in place', () => {
  const { io, text } = capture(true);
  const view = createView('tty', io, `article-${ARTICLE}`);
  view.update(progress(2, [researchDone]));
  view.update(progress(3, [researchDone]));
  view.close();
  const output = text();
  // Six lines: the job, four stages and the message; the second draw moves up over the first.
  expect(output.split('\n')).toHaveLength(13);
  expect(output.indexOf('\x1b[6F')).toBeGreaterThan(output.indexOf('Writing the B1 version'));
  expect(output.split('\x1b[6F')).toHaveLength(2);
});

test('without a terminal the view prints a line per stage change and nothing for repeats', () => {
  const { io, text } = capture(false);
  const view = createView('plain', io, `article-${ARTICLE}`);
  const draft = stage('draft', { status: 'running', attempts: 1, startedAt: '2025-01-01T10:00:02.300Z' });
  view.update(progress(2, [researchDone, draft]));
  view.update(progress(3, [researchDone, draft]));
  view.update(progress(4, [researchDone, { ...draft, attempts: 2 }]));
  view.close();
  expect(text().split('\n')).toEqual([
    `job article-${ARTICLE}: running, Writing the B1 version`,
    'research  completed  1 attempt   2.3 s',
    'draft     running    attempt 1',
    'draft     running    attempt 2',
    '',
  ]);
});

test('the SSE parser joins data lines, skips comments and survives chunks split anywhere', async () => {
  const stream =
    'retry: 1000\n\n: keep-alive\n\nid: 3\nevent: progress\ndata: {"a":\ndata: 1}\n\nid: 4\nevent: end\ndata: {}\n\n';
  async function* bytes() {
    for (const char of stream) yield new TextEncoder().encode(char);
  }
  const events = [];
  for await (const event of parseSse(bytes())) events.push(event);
  expect(events).toEqual([
    { id: '3', event: 'progress', data: '{"a":\n1}' },
    { id: '4', event: 'end', data: '{}' },
  ]);
});

test('ids: an article id or a job id names the same job', () => {
  expect(parseJobRef(ARTICLE.toUpperCase())).toEqual({ articleId: ARTICLE, jobId: `article-${ARTICLE}` });
  expect(parseJobRef(`article-${ARTICLE}`)).toEqual({ articleId: ARTICLE, jobId: `article-${ARTICLE}` });
  expect(() => parseJobRef('article-123')).toThrow(/neither an article id/);
  expect(workflowIdOf(ARTICLE)).toBe(`article-${ARTICLE}`);
  expect(workflowIdOf('replay-happy-path')).toBe('replay-happy-path');
});

test('durations read well at every scale', () => {
  expect([850, 2_340, 65_000, 7_380_000].map(formatDuration)).toEqual([
    '850 ms',
    '2.3 s',
    '1 min 05 s',
    '2 h 03 min',
  ]);
});

test('credentials are kept per API, in a file only its owner can read', () => {
  const dir = makeTempDir('cli-credentials');
  try {
    const store = new CredentialStore(path.join(dir, 'opad'));
    store.save('http://a:4000', { token: 'opad_a', email: 'a@example.com' });
    store.save('http://b:4000', { token: 'opad_b', email: 'b@example.com' });
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(store.get('http://a:4000')?.token).toBe('opad_a');
    expect(store.remove('http://a:4000')).toBe(true);
    expect(store.remove('http://a:4000')).toBe(false);
    expect(store.get('http://b:4000')?.token).toBe('opad_b');
    fs.writeFileSync(store.file, 'garbage');
    expect(() => store.get('http://b:4000')).toThrow(/is damaged/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
