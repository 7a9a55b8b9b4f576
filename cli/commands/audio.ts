import fs from 'node:fs';
import type { NarrationTimings } from '../../contracts/narration';
import type { Context } from '../context';
import { CliError, EXIT } from '../errors';
import { parseJobRef } from '../ids';
import { println } from '../io';

export interface AudioOptions {
  output?: string;
  timings?: string;
}

function write(file: string, data: string | Buffer): void {
  try {
    fs.writeFileSync(file, data);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

/** Saves the narration for listening away from the reader, and optionally its sentence timings. */
export async function audio(ctx: Context, id: string, options: AudioOptions): Promise<number> {
  const { articleId } = parseJobRef(id);
  const api = ctx.api();
  const timings = await api.get<NarrationTimings>(`/articles/${articleId}/audio/timings`);
  const sound = await api.download(`/articles/${articleId}/audio`);
  const output = options.output ?? `${articleId}.opus`;
  write(output, sound);
  if (options.timings) write(options.timings, `${JSON.stringify(timings, null, 2)}\n`);
  println(
    ctx.io.out,
    `wrote ${output}: ${Math.round(timings.duration)} s of narration, ${timings.sentences.length} sentences, ${(sound.length / 1024).toFixed(0)} KiB (Ogg Opus)`,
  );
  if (options.timings) println(ctx.io.out, `wrote ${options.timings}: the start and end of each sentence`);
  return EXIT.ok;
}
