import { SLOTS, settings } from '../config';
import { type CpuUsage, startCpuSample } from '../cpu';
import { log, sleep, timed } from '../load';
import { nowMs, round, type Summary, summarize } from '../stats';
import { OpadDeployment } from '../systems/opad';
import type { JobClient, SystemUnderTest } from '../systems/types';
import { ClosedLoop } from './closed-loop';
import { sseDelays } from './sse';

export interface ProgressRun {
  /** GET /jobs/:jobId through the system's API, on articles in flight. */
  apiQueryMs: Summary;
  /** opad only: the `progress` workflow query from a Temporal client, without the API in front. */
  directQueryMs?: Summary;
  /** opad only: stage change to SSE event, under the same load. */
  sseDelayMs?: Summary;
  errors: number;
  articlesPerSecond: number;
  cpu: CpuUsage;
}

function pickInFlight(loop: ClosedLoop): [string, JobClient] | undefined {
  const entries = [...loop.inFlight.entries()];
  return entries[Math.floor(Math.random() * entries.length)];
}

/** Progress reads while one worker runs at full load with an instant LLM, as in the throughput run. */
export async function measureProgress(system: SystemUnderTest): Promise<ProgressRun> {
  const deployment = await system.deploy({ workers: 1, slots: SLOTS });
  const loop = new ClosedLoop(deployment, await deployment.clients(10));
  const api: number[] = [];
  const direct: number[] = [];
  const sse: number[] = [];
  let errors = 0;
  let measuring = true;
  const { pollers, pollPauseMs, sseFollowers } = settings.progress;
  const poll = async (read: (jobId: string, client: JobClient) => Promise<unknown>, into: number[]) => {
    while (measuring) {
      const picked = pickInFlight(loop);
      if (picked) {
        try {
          into.push((await timed(() => read(...picked))).ms);
        } catch {
          errors++;
        }
      }
      await sleep(pollPauseMs);
    }
  };
  try {
    loop.start(settings.throughput.inflightPerWorker);
    await loop.warmUp(settings.throughput.inflightPerWorker);
    const sample = startCpuSample(() => deployment.cpuGroups());
    const from = nowMs();
    const readers: Array<Promise<void>> = [];
    for (let i = 0; i < pollers; i++) readers.push(poll((jobId, client) => client.progress(jobId), api));
    if (deployment instanceof OpadDeployment) {
      for (let i = 0; i < pollers / 2; i++)
        readers.push(poll((jobId) => deployment.directQuery(jobId), direct));
      for (let i = 0; i < sseFollowers; i++) {
        readers.push(
          (async () => {
            while (measuring) {
              const picked = pickInFlight(loop);
              if (!picked) await sleep(50);
              else
                try {
                  sse.push(...sseDelays(await deployment.followEvents(picked[1], picked[0])));
                } catch {
                  // The stream was cut by the deployment stopping; its events so far are not a full follow.
                }
            }
          })(),
        );
      }
    }
    await sleep(settings.progress.durationMs);
    measuring = false;
    const to = nowMs();
    const cpu = sample();
    // A follower may still be on a long article; what it collects after the window is left out.
    await Promise.race([Promise.all(readers), sleep(5_000)]);
    const run: ProgressRun = {
      apiQueryMs: summarize(api),
      ...(direct.length ? { directQueryMs: summarize(direct) } : {}),
      ...(sse.length ? { sseDelayMs: summarize(sse) } : {}),
      errors,
      articlesPerSecond: round(loop.completedBetween(from, to).length / ((to - from) / 1000), 2),
      cpu,
    };
    log(
      `${system.name} progress under load: API query p50 ${round(run.apiQueryMs.p50)} ms, p99 ${round(run.apiQueryMs.p99)} ms` +
        (run.sseDelayMs
          ? `; SSE delay p50 ${round(run.sseDelayMs.p50)} ms, p99 ${round(run.sseDelayMs.p99)} ms`
          : ''),
    );
    return run;
  } finally {
    measuring = false;
    loop.stop();
    await deployment.stop();
  }
}
