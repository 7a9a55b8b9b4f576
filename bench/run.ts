import os from 'node:os';
import path from 'node:path';
import { PipelineHarness } from '../test/helpers/pipeline-harness';
import { QUICK, settings } from './config';
import { idleBusyPercent } from './cpu';
import { startTimedLlm } from './fixtures/timed-llm';
import { log } from './load';
import { machineDetails } from './machine';
import { measureAccept } from './measure/accept';
import { measureCrash } from './measure/crash';
import { measureOverhead } from './measure/overhead';
import { measureProgress } from './measure/progress';
import { measureThroughput } from './measure/throughput';
import { writeReport } from './report';
import { type BenchResults, FIGURES, type Figure, type SystemResults } from './results';
import { BaselineSystem } from './systems/baseline';
import { OpadSystem } from './systems/opad';
import { startRedis } from './systems/redis-server';
import type { SystemName, SystemUnderTest } from './systems/types';

/** BENCH_ONLY=accept,crash and BENCH_SYSTEMS=opad narrow a run while working on one figure. */
function selection<T extends string>(variable: string, all: readonly T[]): T[] {
  const wanted = process.env[variable]?.split(',').map((item) => item.trim());
  return wanted ? all.filter((item) => wanted.includes(item)) : [...all];
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures = selection<Figure>('BENCH_ONLY', FIGURES);
  const names = selection<SystemName>('BENCH_SYSTEMS', ['opad', 'redis-queue', 'bullmq-flow']);
  const busy = await idleBusyPercent();
  if (busy > 20)
    log(`warning: the machine is already ${busy}% busy (of ${os.cpus().length * 100}%); figures will be low`);
  log(
    `starting Temporal, PostgreSQL, redis-server and the fake LLM and news servers${QUICK ? ' (quick run)' : ''}`,
  );
  const harness = new PipelineHarness();
  const cleanups: Array<() => Promise<unknown>> = [() => harness.close()];
  const cleanup = async () => {
    for (const close of cleanups.splice(0).reverse())
      await close().catch((error: Error) => log(error.message));
  };
  process.once('SIGINT', () => {
    log('interrupted; stopping the servers');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    await harness.start();
    const logDir = path.join(harness.dir, 'logs');
    const llm = await startTimedLlm(harness.llm);
    cleanups.push(() => llm.close());
    const redis = await startRedis(logDir);
    cleanups.push(() => redis.process.stop());
    const systems: SystemUnderTest[] = names.map((name) =>
      name === 'opad'
        ? new OpadSystem(harness, llm, logDir)
        : new BaselineSystem(name, harness, redis, llm, logDir),
    );
    const results: BenchResults = {
      machine: await machineDetails(harness.workerEnv().DATABASE_URL as string),
      command: `${QUICK ? 'BENCH_QUICK=1 ' : ''}npm run bench`,
      quick: QUICK,
      settings,
      durationSeconds: 0,
      busyBeforePercent: busy,
      systems: Object.fromEntries(names.map((name) => [name, {}])),
    };
    const of = (system: SystemUnderTest) => results.systems[system.name] as SystemResults;
    if (figures.includes('accept'))
      for (const system of systems) of(system).accept = await measureAccept(system);
    if (figures.includes('overhead'))
      for (const system of systems) of(system).overhead = await measureOverhead(system, llm);
    if (figures.includes('throughput'))
      for (const system of systems) {
        of(system).throughput = [];
        for (const workers of settings.throughput.workerCounts)
          of(system).throughput?.push(await measureThroughput(system, workers));
      }
    if (figures.includes('progress'))
      for (const system of systems) of(system).progress = await measureProgress(system);
    if (figures.includes('crash'))
      for (const system of systems) of(system).crash = await measureCrash(system, llm);
    results.durationSeconds = Math.round((Date.now() - started) / 1000);
    const written = writeReport(results, figures);
    log(`wrote ${written.join(', ')} in ${results.durationSeconds} s`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.stack}`);
    process.exit(1);
  },
);
