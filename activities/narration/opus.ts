import type { Pcm } from './espeak';
import { runTool } from './processes';

/** Speech at 24 kbit/s: about 180 kB a minute, clear for a single voice. */
const BITRATE_KBPS = 24;

/** Encodes mono 16-bit samples as Ogg Opus, the compact format every current browser plays. */
export function encodeOpus(command: string, pcm: Pcm, signal: AbortSignal): Promise<Buffer> {
  return runTool(
    command,
    [
      '--quiet',
      '--speech',
      '--bitrate',
      String(BITRATE_KBPS),
      '--raw',
      '--raw-bits',
      '16',
      '--raw-rate',
      String(pcm.sampleRate),
      '--raw-chan',
      '1',
      '-',
      '-',
    ],
    pcm.samples,
    signal,
  );
}
