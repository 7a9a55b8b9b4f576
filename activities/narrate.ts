import type { NarrationTimings, SentenceTiming } from '../contracts/narration';
import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { type Pcm, speak } from './narration/espeak';
import { encodeOpus } from './narration/opus';
import { narrationScript } from './narration/script';
import { ESPEAK_VOICES, WORDS_PER_MINUTE } from './narration/voices';
import { readArticle, runStage } from './stage-runner';

/** Bumped when what the stage speaks or how it encodes changes, so older narrations are not reused. */
const NARRATION_VERSION = 1;
/** Silence after each sentence, part of that sentence's time, so the timings tile the audio. */
const PAUSE_SECONDS = 0.35;

const seconds = (samples: number, rate: number) => Math.round((samples / rate) * 1000) / 1000;

/**
 * Speaks the final text sentence by sentence with espeak-ng, offline, and stores it as Ogg Opus with the start
 * and end of every sentence, so the reader can highlight what is being said and play from any sentence.
 */
export async function narrate(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  sources: { adapted: string },
): Promise<StageResult> {
  const voice = ESPEAK_VOICES[input.language];
  const wordsPerMinute = WORDS_PER_MINUTE[input.level];
  const fingerprint = { version: NARRATION_VERSION, adapted: sources.adapted, voice, wordsPerMinute };
  return runStage(deps, 'narration', input, fingerprint, async (context) => {
    const sentences = narrationScript(await readArticle(deps, sources.adapted), input.language);
    const parts: Buffer[] = [];
    const timings: SentenceTiming[] = [];
    let sampleRate = 0;
    let samples = 0;
    for (const [index, text] of sentences.entries()) {
      const spoken = await speak(deps.narration.espeak, text, voice, wordsPerMinute, context.signal);
      context.heartbeat();
      sampleRate ||= spoken.sampleRate;
      if (spoken.sampleRate !== sampleRate) throw new Error('espeak-ng changed its sample rate mid-article');
      const pause = Buffer.alloc(2 * Math.round(PAUSE_SECONDS * sampleRate));
      const start = samples;
      parts.push(spoken.samples, pause);
      samples += (spoken.samples.length + pause.length) / 2;
      timings.push({ index, text, start: seconds(start, sampleRate), end: seconds(samples, sampleRate) });
    }
    const pcm: Pcm = { sampleRate, samples: Buffer.concat(parts) };
    const audio = await encodeOpus(deps.narration.opusenc, pcm, context.signal);
    const document: NarrationTimings = {
      engine: 'espeak-ng',
      voice,
      wordsPerMinute,
      duration: seconds(samples, sampleRate),
      sentences: timings,
    };
    const audioKey = `${context.dir}/narration.opus`;
    const timingsKey = `${context.dir}/timings.json`;
    await deps.blobs.put(audioKey, audio, 'audio/ogg; codecs=opus');
    await deps.blobs.put(timingsKey, JSON.stringify(document, null, 2), 'application/json');
    return { keys: { audio: audioKey, timings: timingsKey }, tokens: { prompt: 0, completion: 0 } };
  });
}
