import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { recordNarration } from './narration/record';
import { narrationScript } from './narration/script';
import { voiceFor } from './narration/voices';
import { readArticle, runStage } from './stage-runner';

/** Bumped when what the stage speaks or how it encodes changes, so older narrations are not reused. */
const NARRATION_VERSION = 2;

/**
 * Speaks the final text sentence by sentence with espeak-ng, offline, and stores it as Ogg Opus with the start
 * and end of every sentence, so the reader can highlight what is being said and play from any sentence.
 */
export async function narrate(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  sources: { adapted: string },
): Promise<StageResult> {
  const voice = voiceFor(input.language, input.level);
  const fingerprint = { version: NARRATION_VERSION, adapted: sources.adapted, voice };
  return runStage(deps, 'narration', input, fingerprint, async (context) => {
    const sentences = narrationScript(await readArticle(deps, sources.adapted), input.language);
    const { audio, timings } = await recordNarration(
      deps.narration,
      sentences,
      voice,
      context.signal,
      context.heartbeat,
    );
    const audioKey = `${context.dir}/narration.opus`;
    const timingsKey = `${context.dir}/timings.json`;
    await deps.blobs.put(audioKey, audio, 'audio/ogg; codecs=opus');
    await deps.blobs.put(timingsKey, JSON.stringify(timings, null, 2), 'application/json');
    return { keys: { audio: audioKey, timings: timingsKey }, tokens: { prompt: 0, completion: 0 } };
  });
}
