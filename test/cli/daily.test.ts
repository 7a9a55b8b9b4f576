import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { type ApiClient, useApiHarness } from '../helpers/api-harness';
import { makeTempDir } from '../helpers/tmp';

const ROOT = path.resolve(__dirname, '../..');
const harness = useApiHarness();
const dir = makeTempDir('cli-daily');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI as a person would, without a terminal, with `input` as what they type. */
function opad(
  user: ApiClient,
  args: string[],
  input = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          OPAD_API_URL: harness.baseUrl,
          OPAD_CONFIG_DIR: path.join(dir, 'config'),
          OPAD_TOKEN: user.token ?? '',
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

test('subscribe, list, pause, resume, edit and delete a daily story from the command line', async () => {
  const user = await harness.signUp();
  const subscribed = await opad(user, [
    'subscribe',
    '--language',
    'de',
    '--level',
    'A2',
    '--topic',
    'Sport',
    '--topic',
    'Kultur',
    '--time',
    '07:30',
    '--time-zone',
    'Europe/Berlin',
    '--json',
  ]);
  expect(subscribed).toMatchObject({ code: 0, stderr: '' });
  const { id } = JSON.parse(subscribed.stdout);
  const schedule = harness.client.schedule.getHandle(`daily-${id}`);
  expect((await schedule.describe()).spec.timezone).toBe('Europe/Berlin');

  const listed = await opad(user, ['subscriptions']);
  expect(listed.stdout).toMatch(new RegExp(`${id}\\s+active\\s+07:30 Europe/Berlin\\s+de\\s+A2\\s+300`));
  expect(listed.stdout).toContain('Sport, Kultur');

  const paused = await opad(user, ['subscriptions', 'pause', id]);
  expect(paused.stdout).toContain(`paused ${id}`);
  expect((await schedule.describe()).state.paused).toBe(true);
  expect((await opad(user, ['subscriptions'])).stdout).toMatch(new RegExp(`${id}\\s+paused`));
  await opad(user, ['subscriptions', 'resume', id]);
  expect((await schedule.describe()).state.paused).toBe(false);

  const edited = await opad(user, [
    'subscriptions',
    'edit',
    id,
    '--time',
    '18:15',
    '--time-zone',
    'Asia/Tokyo',
  ]);
  expect(edited.stdout).toContain('every day at 18:15 Asia/Tokyo');
  const spec = (await schedule.describe()).spec;
  expect(spec.timezone).toBe('Asia/Tokyo');
  expect(spec.calendars?.[0]).toMatchObject({ hour: [{ start: 18, end: 18, step: 1 }] });
  expect((await opad(user, ['subscriptions', 'edit', id])).code).toBe(2);

  const deleted = await opad(user, ['subscriptions', 'delete', id]);
  expect(deleted.code).toBe(0);
  await expect(schedule.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  expect((await opad(user, ['subscriptions'])).stdout).toContain('no daily stories yet');

  const wrong = await opad(user, ['subscribe', '--language', 'de', '--level', 'A2', '--time', '07:30']);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain('--surprise');
  const badZone = await opad(user, [
    'subscribe',
    '--language',
    'de',
    '--level',
    'A2',
    '--surprise',
    '--time',
    '07:30',
    '--time-zone',
    'Nowhere/Else',
  ]);
  expect(badZone.code).toBe(2);
  expect(badZone.stderr).toContain('IANA time zone');
});

test('opad review shows each due word, then its sentence, then its meaning, and sends the grade', async () => {
  const user = await harness.signUp();
  for (const word of [
    { word: 'farms', lemma: 'farm', definition: 'land for crops', sentence: 'The town has two solar farms.' },
    { word: 'grid', lemma: 'grid', definition: 'the network of power lines', sentence: 'It feeds the grid.' },
  ]) {
    await user.post('/vocabulary', { language: 'en', ...word });
  }
  const run = await opad(user, ['review'], '\n\n3\n\n\neasy\n');
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const out = run.stdout;
  const order = ['(1/2) farms', 'The town has two solar farms.', 'farm: land for crops', 'good: next due'];
  const positions = order.map((text) => out.indexOf(text));
  expect(positions.every((at) => at >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(out).toContain('(2/2) grid');
  expect(out).toContain('easy: next due');
  expect(out).toContain('reviewed 2 words');

  const due = await user.get('/review/due');
  expect(due.body.due).toBe(0);
  expect((await opad(user, ['review'])).stdout).toMatch(/nothing is due; the next is due/);
});

test('opad export writes the TSV that Anki imports', async () => {
  const user = await harness.signUp();
  await user.post('/vocabulary', { language: 'fr', word: 'vélos', lemma: 'vélo', definition: 'bicycle' });
  const file = path.join(dir, 'words.tsv');
  const run = await opad(user, ['export', '--output', file]);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(`wrote 1 word to ${file}`);
  const notes = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'));
  expect(notes).toEqual([['vélos', 'vélo', 'bicycle', '', '', '', 'fr']]);
});
