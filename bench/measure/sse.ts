import type { GenerationProgress } from '../../workflows/types';

/** The newest change a progress event reports: the latest start or finish time of any stage. */
function lastChange(progress: GenerationProgress): number {
  let latest = Number.NaN;
  for (const stage of progress.stages) {
    for (const at of [stage.startedAt, stage.finishedAt]) {
      const ms = at ? Date.parse(at) : Number.NaN;
      if (Number.isFinite(ms) && !(ms <= latest)) latest = ms;
    }
  }
  return latest;
}

/**
 * How long after a stage changed the client heard of it. The first event only reports the state at connect
 * time, so it is skipped; the stage times are the workflow's, taken when it processed the change.
 */
export function sseDelays(arrivals: Array<{ at: number; progress: GenerationProgress }>): number[] {
  return arrivals
    .slice(1)
    .map(({ at, progress }) => at - lastChange(progress))
    .filter((delay) => Number.isFinite(delay));
}
