import os from 'node:os';
import { SLOTS, settings } from '../config';
import { type CpuUsage, startCpuSample } from '../cpu';
import { log, sleep } from '../load';
import { nowMs, round, type Summary, summarize } from '../stats';
import type { SystemUnderTest } from '../systems/types';
import { ClosedLoop } from './closed-loop';

export interface ThroughputRun {
  workers: number;
  slots: number;
  inflight: number;
  seconds: number;
  completed: number;
  articlesPerSecond: number;
  /** How long the warm-up took to reach the steady state, and how many articles it completed first. */
  warmup: { seconds: number; completed: number };
  /** Articles per second in each tenth of the window: a steady state has them close together. */
  windowRates: number[];
  /** (highest − lowest) ÷ mean of windowRates, in percent. */
  windowSpreadPercent: number;
  /** Submit to completion, for the articles that completed inside the window. */
  articleLatencyMs: Summary;
  errors: number;
  cpu: CpuUsage;
  /** CPU time per completed article, per process group: what one article costs each part of the system. */
  cpuMsPerArticle: Record<string, number>;
  /** The process group that used the most CPU, and whether the machine had any left. */
  bottleneck: string;
}

/** Names the busiest process group; with the cores saturated, that group is what limits throughput. */
export function nameBottleneck(cpu: CpuUsage): string {
  const [busiest, percent] = Object.entries(cpu.groups).sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  const capacity = 100 * os.cpus().length;
  const saturated = cpu.machineBusyPercent >= 0.9 * capacity;
  return `${busiest} (${percent}% of one core; machine ${cpu.machineBusyPercent}% busy${saturated ? ', saturated' : ''})`;
}

function tenths(from: number, to: number): Array<[number, number]> {
  const step = (to - from) / 10;
  return Array.from({ length: 10 }, (_, i) => [from + i * step, from + (i + 1) * step]);
}

/** Articles per second sustained with an instant LLM, with `workers` worker processes and SLOTS slots each. */
export async function measureThroughput(system: SystemUnderTest, workers: number): Promise<ThroughputRun> {
  const deployment = await system.deploy({ workers, slots: SLOTS });
  const loop = new ClosedLoop(deployment, await deployment.clients(10));
  const inflight = settings.throughput.inflightPerWorker * workers;
  try {
    loop.start(inflight);
    const warmup = await loop.warmUp(inflight);
    const sample = startCpuSample(() => deployment.cpuGroups());
    const from = nowMs();
    await sleep(settings.throughput.durationMs);
    const to = nowMs();
    const cpu = sample();
    const done = loop.completedBetween(from, to);
    const seconds = (to - from) / 1000;
    const windowRates = tenths(from, to).map(([start, end]) =>
      round(loop.completedBetween(start, end).length / ((end - start) / 1000), 2),
    );
    const mean = windowRates.reduce((sum, rate) => sum + rate, 0) / windowRates.length;
    const run: ThroughputRun = {
      workers,
      slots: SLOTS,
      inflight,
      seconds: round(seconds),
      completed: done.length,
      articlesPerSecond: round(done.length / seconds, 2),
      warmup,
      windowRates,
      windowSpreadPercent: mean
        ? round(((Math.max(...windowRates) - Math.min(...windowRates)) / mean) * 100)
        : 0,
      articleLatencyMs: summarize(done.map((c) => c.ms)),
      errors: loop.errors,
      cpu,
      cpuMsPerArticle: Object.fromEntries(
        Object.entries(cpu.groups).map(([group, percent]) => [
          group,
          done.length ? round(((percent / 100) * cpu.seconds * 1000) / done.length) : Number.NaN,
        ]),
      ),
      bottleneck: nameBottleneck(cpu),
    };
    log(
      `${system.name} throughput, ${workers} worker(s): ${run.articlesPerSecond} articles/s (window rates ${windowRates.join(' ')}, after ${warmup.seconds} s of warm-up); CPU ${JSON.stringify(cpu.groups)}`,
    );
    return run;
  } finally {
    loop.stop();
    await deployment.stop();
  }
}
