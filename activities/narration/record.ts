import type { NarrationSettings } from '../../config/env';
import type { NarrationTimings, SentenceTiming } from '../../contracts/narration';
import { speak } from './espeak';
import { encodeOpus } from './opus';
import { narrationFailed } from './processes';
import { spokenText } from './pronounce';
import { VOICE_CAVEATS, type Voice } from './voices';

/** Silence after each sentence, part of that sentence's time, so the timings tile the audio. */
const PAUSE_SECONDS = 0.35;

const seconds = (samples: number, rate: number) => Math.round((samples / rate) * 1000) / 1000;

export interface Recording {
  audio: Buffer;
  timings: NarrationTimings;
}

/**
 * Speaks the sentences one by one, so each one's start and end are known exactly, and encodes them as one
 * Ogg Opus stream. Each sentence is given to espeak-ng in a form its voice can read (Japanese as kana), and
 * its timing keeps the text as the reader shows it. `onSentence` runs after each (the stage heartbeats there).
 */
export async function recordNarration(
  tools: NarrationSettings,
  sentences: string[],
  voice: Voice,
  signal: AbortSignal,
  onSentence: () => void = () => {},
): Promise<Recording> {
  const parts: Buffer[] = [];
  const timings: SentenceTiming[] = [];
  let sampleRate = 0;
  let samples = 0;
  for (const [index, text] of sentences.entries()) {
    const said = await spokenText(text, voice.language);
    const spoken = await speak(tools.espeak, said, voice.name, voice.wordsPerMinute, signal);
    onSentence();
    sampleRate ||= spoken.sampleRate;
    if (spoken.sampleRate !== sampleRate)
      throw narrationFailed('espeak-ng changed its sample rate mid-article');
    const pause = Buffer.alloc(2 * Math.round(PAUSE_SECONDS * sampleRate));
    const start = samples;
    parts.push(spoken.samples, pause);
    samples += (spoken.samples.length + pause.length) / 2;
    timings.push({ index, text, start: seconds(start, sampleRate), end: seconds(samples, sampleRate) });
  }
  const audio = await encodeOpus(tools.opusenc, { sampleRate, samples: Buffer.concat(parts) }, signal);
  return {
    audio,
    timings: {
      engine: 'espeak-ng',
      voice: voice.name,
      wordsPerMinute: voice.wordsPerMinute,
      duration: seconds(samples, sampleRate),
      sentences: timings,
      ...(VOICE_CAVEATS[voice.language] ? { caveat: VOICE_CAVEATS[voice.language] } : {}),
    },
  };
}
