import { settings } from '../config';
import { type CpuUsage, startCpuSample } from '../cpu';
import { log, runAtRate, runCount, timed } from '../load';
import { nowMs, round, type Summary, summarize } from '../stats';
import { type Deployment, type JobClient, nextRequest, type SystemUnderTest } from '../systems/types';

/** POST /articles at a fixed rate, whatever the answers: latency from each request's planned send time. */
export interface OpenLoopLevel {
  ratePerSecond: number;
  requests: number;
  errors: number;
  latencyMs: Summary;
  /** How far behind its plan the bench sent requests (its own timer lag), so a late send is not hidden. */
  sendLagMs: Summary;
  cpu: CpuUsage;
}

export interface AcceptRun {
  closedLoop: AcceptLevel[];
  openLoop: OpenLoopLevel[];
}

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
 * system's write, and for opad the workflow start) and not the machine's share left over by article work:
 * from closed-loop clients (each sends its next request when the last is answered: capacity) and at fixed
 * rates (requests go out on schedule whatever the answers: latency as a steady stream of users sees it).
 */
export async function measureAccept(system: SystemUnderTest): Promise<AcceptRun> {
  const deployment = await system.deploy({ workers: 0, slots: 1 });
  try {
    const maxClients = Math.max(...settings.accept.levels.map((level) => level.clients));
    const clients = await deployment.clients(maxClients);
    await runCount(10, settings.accept.warmup, async (i) => {
      await clients[i]?.submit(nextRequest());
    });
    const closedLoop = await closedLoopLevels(system, deployment, clients);
    const openLoop: OpenLoopLevel[] = [];
    for (const level of settings.accept.rates)
      openLoop.push(await openLoopLevel(system, deployment, clients, level));
    return { closedLoop, openLoop };
  } finally {
    await deployment.stop();
  }
}

async function openLoopLevel(
  system: SystemUnderTest,
  deployment: Deployment,
  clients: JobClient[],
  level: { perSecond: number; requests: number },
): Promise<OpenLoopLevel> {
  const samples: number[] = [];
  const lags: number[] = [];
  let errors = 0;
  const sample = startCpuSample(() => deployment.cpuGroups());
  await runAtRate(level.perSecond, level.requests, async (i, plannedAt) => {
    lags.push(nowMs() - plannedAt);
    try {
      await (clients[i % clients.length] as JobClient).submit(nextRequest());
      samples.push(nowMs() - plannedAt);
    } catch {
      errors++;
    }
  });
  const result = {
    ratePerSecond: level.perSecond,
    requests: level.requests,
    errors,
    latencyMs: summarize(samples),
    sendLagMs: summarize(lags),
    cpu: sample(),
  };
  log(
    `${system.name} accept, open loop at ${level.perSecond}/s: p50 ${round(result.latencyMs.p50)} ms, p99 ${round(result.latencyMs.p99)} ms, ${errors} errors`,
  );
  return result;
}

async function closedLoopLevels(
  system: SystemUnderTest,
  deployment: Deployment,
  clients: JobClient[],
): Promise<AcceptLevel[]> {
  const levels: AcceptLevel[] = [];
  for (const level of settings.accept.levels) {
    const samples: number[] = [];
    let errors = 0;
    const sample = startCpuSample(() => deployment.cpuGroups());
    const started = Date.now();
    await runCount(level.clients, level.requests, async (i) => {
      try {
        samples.push((await timed(() => (clients[i] as JobClient).submit(nextRequest()))).ms);
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
}
