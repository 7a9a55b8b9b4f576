import { settings } from '../config';
import { type CpuUsage, startCpuSample } from '../cpu';
import { log, runCount, timed } from '../load';
import { round, type Summary, summarize } from '../stats';
import { nextRequest, type SystemUnderTest } from '../systems/types';

export interface AcceptLevel {
  clients: number;
  requests: number;
  errors: number;
  latencyMs: Summary;
  requestsPerSecond: number;
  cpu: CpuUsage;
  /** CPU milliseconds each accepted request cost each process group. */
  cpuMsPerRequest: Record<string, number>;
}

/**
 * POST /articles latency with no worker running, so the figure is the accept path alone (validation, the
 * system's write, and for opad the workflow start) and not the machine's share left over by article work.
 */
export async function measureAccept(system: SystemUnderTest): Promise<AcceptLevel[]> {
  const deployment = await system.deploy({ workers: 0, slots: 1 });
  try {
    const maxClients = Math.max(...settings.accept.levels.map((level) => level.clients));
    const clients = await deployment.clients(maxClients);
    await runCount(10, settings.accept.warmup, async (i) => {
      await clients[i]?.submit(nextRequest());
    });
    const levels: AcceptLevel[] = [];
    for (const level of settings.accept.levels) {
      const samples: number[] = [];
      let errors = 0;
      const sample = startCpuSample(() => deployment.cpuGroups());
      const started = Date.now();
      await runCount(level.clients, level.requests, async (i) => {
        try {
          samples.push(
            (await timed(() => (clients[i] as (typeof clients)[number]).submit(nextRequest()))).ms,
          );
        } catch {
          errors++;
        }
      });
      const seconds = (Date.now() - started) / 1000;
      const latencyMs = summarize(samples);
      const cpu = sample();
      levels.push({
        ...level,
        errors,
        latencyMs,
        requestsPerSecond: round(level.requests / seconds),
        cpu,
        cpuMsPerRequest: Object.fromEntries(
          Object.entries(cpu.groups).map(([group, percent]) => [
            group,
            round(((percent / 100) * cpu.seconds * 1000) / level.requests, 2),
          ]),
        ),
      });
      log(
        `${system.name} accept, ${level.clients} client${level.clients > 1 ? 's' : ''}: p50 ${round(latencyMs.p50)} ms, p99 ${round(latencyMs.p99)} ms, ${errors} errors`,
      );
    }
    return levels;
  } finally {
    await deployment.stop();
  }
}
