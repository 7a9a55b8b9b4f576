import { spawnSync } from 'node:child_process';
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

/**
 * Figures with scripts of their own, run after the comparison with its servers stopped: one article's cost
 * (history events, server requests, PostgreSQL statements, CPU per process) and the extraction DOMs. Each
 * writes its own section of docs/benchmarks.md, so a quick run skips them rather than overwrite their figures.
 */
const OWN_SCRIPTS = { cost: 'bench/article-cost.ts', extraction: 'bench/extraction.ts' } as const;
type OwnScript = keyof typeof OWN_SCRIPTS;

function runOwnScripts(names: OwnScript[]): void {
  for (const name of names) {
    if (QUICK) {
      log(`${name}: skipped in a quick run (npm run bench:${name === 'cost' ? 'article-cost' : name})`);
      continue;
    }
    log(`${name}: ${OWN_SCRIPTS[name]}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', OWN_SCRIPTS[name]], {
      cwd: path.resolve(__dirname, '..'),
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error(`${OWN_SCRIPTS[name]} exited with ${run.status ?? run.signal}`);
  }
}

async function main(): Promise<void> {
  const figures = selection<Figure>('BENCH_ONLY', FIGURES);
  const ownScripts = selection<OwnScript>('BENCH_ONLY', Object.keys(OWN_SCRIPTS) as OwnScript[]);
  if (figures.length) await compareSystems(figures);
  runOwnScripts(ownScripts);
}

/** opad beside the two queue designs, on one set of servers, for the figures asked for. */
async function compareSystems(figures: Figure[]): Promise<void> {
  const started = Date.now();
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
