import { narrationFailed, runTool } from './processes';

export interface Pcm {
  sampleRate: number;
  /** 16-bit little-endian mono samples. */
  samples: Buffer;
}

/** Where the samples start in a WAV file: after the `data` chunk's header, found by walking the chunks. */
function wavSamples(wav: Buffer): Pcm {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE')
    throw narrationFailed('espeak-ng did not write a WAV file');
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      const channels = wav.readUInt16LE(offset + 10);
      const bits = wav.readUInt16LE(offset + 22);
      if (channels !== 1 || bits !== 16)
        throw narrationFailed(`espeak-ng wrote ${channels} channels of ${bits} bits`);
      sampleRate = wav.readUInt32LE(offset + 12);
    }
    // Written to a pipe, the data chunk's size is a placeholder: the samples run to the end.
    if (id === 'data') {
      const samples = wav.subarray(offset + 8);
      return { sampleRate, samples: samples.subarray(0, samples.length - (samples.length % 2)) };
    }
    offset += 8 + size;
  }
  throw narrationFailed('espeak-ng wrote a WAV file without samples');
}

/** Speaks one sentence. The text goes through stdin, so nothing in it can be read as an option. */
export async function speak(
  command: string,
  text: string,
  voice: string,
  wordsPerMinute: number,
  signal: AbortSignal,
): Promise<Pcm> {
  const wav = await runTool(
    command,
    ['-v', voice, '-s', String(wordsPerMinute), '-b', '1', '--stdout'],
    Buffer.from(text, 'utf8'),
    signal,
  );
  return wavSamples(wav);
}
