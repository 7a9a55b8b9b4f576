import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { plainText } from '../../activities/level/measure';
import { splitArticleMarkdown } from '../../activities/markdown';
import type { NarrationTimings } from '../../contracts/narration';
import { decodeOpus } from '../helpers/opus';
import { usePipelineHarness } from '../helpers/pipeline-harness';
import { makeTempDir } from '../helpers/tmp';

const taskQueue = 'narration';
const harness = usePipelineHarness(taskQueue);

async function generate(request = {}, queue = taskQueue) {
  const input = await harness.createArticle(request);
  const handle = await harness.startGeneration(input, queue);
  const summary = await handle.result();
  const blob = (key: string | undefined) => harness.blobs.get(key as string);
  const meta = JSON.parse((await blob(summary.keys.meta)).toString('utf8'));
  const article = (await blob(summary.keys.article)).toString('utf8');
  return { input, handle, summary, meta, article, blob };
}

test('espeak-ng narrates every sentence of the final text into Ogg Opus whose length matches the timings', async () => {
  const { summary, meta, article, blob } = await generate();
  const timings = JSON.parse((await blob(summary.keys.timings)).toString('utf8')) as NarrationTimings;
  const audio = await blob(summary.keys.audio);

  // Every word of the headline and body, in reading order (the source block is not read), each sentence with
  // its own span.
  const { title, body } = splitArticleMarkdown(article);
  const words = (text: string) => text.match(/[\p{L}\p{N}]+/gu) ?? [];
  expect(words(timings.sentences.map((s) => s.text).join(' '))).toEqual(words(`${title} ${plainText(body)}`));
  expect(timings.sentences.length).toBeGreaterThan(3);
  let previousEnd = 0;
  for (const sentence of timings.sentences) {
    expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
    expect(sentence.end).toBeGreaterThan(sentence.start);
    previousEnd = sentence.end;
  }
  expect(timings.sentences[0]?.start).toBe(0);

  // Compact: never raw samples in storage.
  expect(audio.subarray(0, 4).toString('ascii')).toBe('OggS');
  expect(audio.subarray(28, 36).toString('ascii')).toBe('OpusHead');
  const decoded = await decodeOpus(new Uint8Array(audio));
  expect(decoded.errors).toBe(0);
  const spoken = timings.sentences.reduce((sum, s) => sum + (s.end - s.start), 0);
  expect(Math.abs(decoded.seconds - spoken) / spoken).toBeLessThan(0.1);
  expect(audio.length / decoded.seconds).toBeLessThan(6_000); // under 48 kbit/s: Opus, not WAV's 44 kB/s

  expect(meta.narration).toEqual({
    engine: 'espeak-ng',
    voice: 'en-us',
    duration: timings.duration,
    sentences: timings.sentences.length,
  });
  expect(meta.keys).toMatchObject({ audio: summary.keys.audio, timings: summary.keys.timings });
});

test('German is spoken with the German voice, more slowly at A2', async () => {
  const { summary, blob } = await generate({ language: 'de', level: 'A2', topic: 'Solarenergie' });
  const timings = JSON.parse((await blob(summary.keys.timings)).toString('utf8')) as NarrationTimings;
  expect(timings).toMatchObject({ voice: 'de', wordsPerMinute: 140 });
});

test('without the engine, the article is published without audio and the job says why', async () => {
  const queue = 'narration-broken';
  await harness.startWorker({ taskQueue: queue, env: { NARRATION_ESPEAK: '/nonexistent/espeak-ng' } });
  const { handle, summary, meta } = await generate({}, queue);

  expect(summary.title).toBeTruthy();
  expect(summary.keys.audio).toBeUndefined();
  expect(meta.narration).toEqual({ skipped: expect.stringMatching(/espeak-ng is not installed/) });
  expect(meta.keys.audio).toBeUndefined();
  const progress = await harness.progress(handle);
  expect(progress.status).toBe('completed');
  expect(progress.stages.find((stage) => stage.name === 'narration')).toMatchObject({
    status: 'failed',
    attempts: 1,
    lastError: { type: 'NarrationUnavailable' },
  });
  const row = await harness.articleRow(summary.articleId);
  expect(row.status).toBe('completed');
});

const JAPANESE_TITLE = '町の太陽光発電';
const JAPANESE_BODY = [
  'ミルブルックの町は二つの太陽光発電所を建設しています。発電所は約九百世帯に電気を送ります。',
  '山田市長は「電気代が安くなる」と話しました。',
].join('\n\n');

test('Japanese is spoken as kana, so no kanji is read as "Chinese letter", and the timings still tile the audio', async () => {
  // espeak-ng itself, with a log of the text each sentence gave it.
  const dir = makeTempDir('espeak-log');
  const log = path.join(dir, 'spoken.txt');
  const espeak = path.join(dir, 'espeak-ng');
  fs.writeFileSync(
    espeak,
    `#!/bin/sh\ntext=$(cat)\nprintf '%s\\n' "$text" >> '${log}'\nprintf '%s' "$text" | exec espeak-ng "$@"\n`,
    { mode: 0o755 },
  );
  try {
    const queue = 'narration-ja';
    await harness.startWorker({ taskQueue: queue, env: { NARRATION_ESPEAK: espeak } });
    harness.llm.setResponder('draft', () => `# ${JAPANESE_TITLE}\n\n${JAPANESE_BODY}`);
    harness.llm.setResponder('adapt', () => JSON.stringify({ text: JAPANESE_BODY, edits: [] }));
    const evidence = ['発電所は約九百世帯に電気を送ります。', '山田市長は「電気代が安くなる」と話しました。'];
    harness.llm.setResponder('questions', () =>
      JSON.stringify({
        questions: [0, 1, 1].map((which, index) => ({
          kind: 'true-false',
          question: `質問${index + 1}`,
          options: ['正しい', '正しくない'],
          answer: 0,
          explanation: '本文に書いてあります。',
          evidence: evidence[which],
        })),
      }),
    );
    const { summary, blob } = await generate({ language: 'ja', level: 'B1', topic: '太陽光発電' }, queue);
    const timings = JSON.parse((await blob(summary.keys.timings)).toString('utf8')) as NarrationTimings;

    // The timings carry the sentences as the reader shows them, kanji and all; espeak-ng was given kana.
    expect(timings.sentences.map((s) => s.text)).toEqual([
      JAPANESE_TITLE,
      'ミルブルックの町は二つの太陽光発電所を建設しています。',
      '発電所は約九百世帯に電気を送ります。',
      '山田市長は「電気代が安くなる」と話しました。',
    ]);
    const spoken = fs.readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(spoken).toHaveLength(timings.sentences.length);
    for (const text of spoken) {
      expect(text).not.toMatch(/\p{Script=Han}/u);
      const phonemes = execFileSync('espeak-ng', ['-v', 'ja', '-q', '-x'], { input: text }).toString('utf8');
      expect({ text, phonemes }).toEqual({ text, phonemes: expect.not.stringMatching(/tS'aIni:z/) });
    }
    // The player says what this voice is worth.
    expect(timings).toMatchObject({ voice: 'ja', caveat: expect.stringContaining('kana') });

    // The sentences tile the audio: back to back from 0, and together as long as the decoded Opus.
    expect(timings.sentences[0]?.start).toBe(0);
    for (const [index, sentence] of timings.sentences.entries()) {
      expect(sentence.end).toBeGreaterThan(sentence.start);
      if (index > 0) expect(sentence.start).toBe(timings.sentences[index - 1]?.end);
    }
    expect(timings.sentences.at(-1)?.end).toBe(timings.duration);
    const decoded = await decodeOpus(new Uint8Array(await blob(summary.keys.audio)));
    expect(decoded.errors).toBe(0);
    expect(Math.abs(decoded.seconds - timings.duration) / timings.duration).toBeLessThan(0.1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
