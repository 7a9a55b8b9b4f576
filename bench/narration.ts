import fs from 'node:fs';
import { recordNarration } from '../activities/narration/record';
import { narrationScript } from '../activities/narration/script';
import { voiceFor } from '../activities/narration/voices';
import { countWords } from '../activities/text';
import { loadConfig } from '../config/env';
import { SAMPLE_STORIES } from '../stack/sample-stories';
import { writeBenchSection } from './doc-section';

/**
 * `npm run bench:narration`: the narration stage's engine work on the 72 sample texts (3 stories × 6 levels ×
 * 4 languages): CPU seconds per 100 words (espeak-ng and opusenc, measured as this process's reaped children,
 * plus this process) and bytes per minute of audio. Prints and writes the figures; never fails on one.
 */
const BEGIN = '<!-- narration:begin (written by `npm run bench:narration`; edit outside these markers) -->';
const END = '<!-- narration:end -->';
const TICKS_PER_SECOND = 100;

/** CPU seconds of this process and of the children it has waited for (Linux: /proc/self/stat). */
function cpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After the command name: utime, stime, cutime, cstime are fields 14-17 of the whole line.
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return ((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) / TICKS_PER_SECOND;
}

interface Sample {
  language: string;
  level: string;
  words: number;
  sentences: number;
  seconds: number;
  bytes: number;
  cpu: number;
  wall: number;
}

async function measure(): Promise<Sample[]> {
  const tools = loadConfig().narration;
  const samples: Sample[] = [];
  for (const story of SAMPLE_STORIES) {
    for (const version of story.versions) {
      const body = version.paragraphs.join('\n\n');
      const sentences = narrationScript({ title: version.title, body }, story.language);
      const voice = voiceFor(story.language, version.level);
      const cpuBefore = cpuSeconds();
      const wallBefore = performance.now();
      const { audio, timings } = await recordNarration(tools, sentences, voice, new AbortController().signal);
      samples.push({
        language: story.language,
        level: version.level,
        words: countWords(`${version.title} ${body}`, story.language),
        sentences: sentences.length,
        seconds: timings.duration,
        bytes: audio.length,
        cpu: cpuSeconds() - cpuBefore,
        wall: (performance.now() - wallBefore) / 1000,
      });
    }
  }
  return samples;
}

function summary(samples: Sample[]) {
  const sum = (pick: (s: Sample) => number) => samples.reduce((total, s) => total + pick(s), 0);
  const words = sum((s) => s.words);
  const audioSeconds = sum((s) => s.seconds);
  return {
    texts: samples.length,
    words,
    audioMinutes: Math.round((audioSeconds / 60) * 10) / 10,
    cpuSecondsPer100Words: Math.round((sum((s) => s.cpu) / words) * 100 * 1000) / 1000,
    wallSecondsPer100Words: Math.round((sum((s) => s.wall) / words) * 100 * 1000) / 1000,
    bytesPerMinute: Math.round(sum((s) => s.bytes) / (audioSeconds / 60)),
    wordsPerMinuteSpoken: Math.round(words / (audioSeconds / 60)),
  };
}

(async () => {
  const samples = await measure();
  const languages = [...new Set(samples.map((s) => s.language))];
  const rows = [...languages, 'all'].map((language) => {
    const part = language === 'all' ? samples : samples.filter((s) => s.language === language);
    return { language, ...summary(part) };
  });
  const body = [
    '## Narration (`npm run bench:narration`)',
    '',
    'The narration stage’s engine work (espeak-ng per sentence, then opusenc at 24 kbit/s) on the 72 sample ' +
      'texts, A1–C2, run one after the other on this machine. CPU counts espeak-ng, opusenc and the Node ' +
      'process that drives them. The pace is slower for lower levels (130 words a minute at A1, 175 at C2), ' +
      'plus 0.35 s after each sentence.',
    '',
    '| language | texts | words | audio (min) | CPU s per 100 words | wall s per 100 words | bytes per minute | words per minute spoken |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.language} | ${r.texts} | ${r.words} | ${r.audioMinutes} | ${r.cpuSecondsPer100Words} | ${r.wallSecondsPer100Words} | ${r.bytesPerMinute.toLocaleString('en')} | ${r.wordsPerMinuteSpoken} |`,
    ),
  ].join('\n');
  console.log(body);
  writeBenchSection('narration', { begin: BEGIN, end: END }, body, { summary: rows, samples });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
