import { DEPENDENCY_LABELS, type StageWaiting } from '../workflows/types';

/** A span a reader takes in at a glance: seconds below a minute, then minutes, then hours and minutes. */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1_000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One sentence for a stage waiting out an outage, as the job page and the CLI show it. */
export function describeWaiting(waiting: StageWaiting, now: number): string {
  const untilNext = Date.parse(waiting.nextAttemptAt) - now;
  if (waiting.capacity) {
    const when =
      untilNext >= 1_000
        ? `the call goes ahead in about ${formatSpan(untilNext)}`
        : 'the call goes ahead now';
    return `Waiting for LLM capacity: the rate limit shared by all workers is used up for the moment · ${when}`;
  }
  return [
    `Waiting for ${DEPENDENCY_LABELS[waiting.dependency]} to come back (down for ${formatSpan(now - Date.parse(waiting.since))})`,
    `attempt ${waiting.attempt} failed`,
    untilNext >= 1_000 ? `next try in ${formatSpan(untilNext)}` : 'trying again now',
  ].join(' · ');
}
