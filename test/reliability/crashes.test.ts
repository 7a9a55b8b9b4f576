import { setTimeout as sleep } from 'node:timers/promises';
import type { ManagedProcess } from '../../stack/managed-process';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { prng } from '../helpers/prng';
import { median, printFigures, seconds } from './figures';
import { expectOneSetOfOutputs, finishedStages } from './stored-outputs';
import { requestsBySequence, tagDrafts, taggedLength, taggedTitle } from './tagged-generations';

/**
 * Crashes: generations in flight while the worker process is SIGKILLed at seeded random moments and started
 * again. Every generation must finish with one set of outputs, and no stage that had finished before a kill
 * may call the LLM again. OPAD_RELIABILITY_LONG=1 runs more generations through the same number of kills:
 * each kill can cost a running stage one of its 10 attempts, so many more kills would rightly fail some.
 */
const LONG = Boolean(process.env.OPAD_RELIABILITY_LONG);
const GENERATIONS = LONG ? 50 : 20;
const KILLS = 10;
const SEED = Number(process.env.OPAD_CHAOS_SEED ?? 20261122);
const LLM_STAGES = ['research', 'draft', 'adapt'];

const harness = new PipelineHarness();
beforeAll(() => harness.start());
afterAll(() => harness.close());

test(`${GENERATIONS} generations survive ${KILLS} worker SIGKILLs without paying twice for a finished stage`, async () => {
  const random = prng(SEED);
  const started = Date.now();
  tagDrafts(harness.llm);
  // Slow streams keep LLM calls open long enough for kills to land in the middle of them.
  for (const stage of LLM_STAGES) harness.llm.setChunkDelay(stage, 250);
  let worker: ManagedProcess = await harness.spawnWorker('0');
  const owner = await harness.createUser();
  const inputs = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) =>
      harness.createArticle({ length: taggedLength(i), topic: `crash ${i}` }, owner),
    ),
  );
  const handles = await Promise.all(inputs.map((input) => harness.startGeneration(input)));
  const lengthOf = new Map(inputs.map((input) => [input.articleId, input.length]));

  const kills: Array<{ uptimeMs: number; finished: Set<string>; requests: Map<string, number> }> = [];
  const restartsMs: number[] = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    const uptimeMs = 300 + random() * 4_700;
    await sleep(uptimeMs);
    await worker.kill();
    // The process is gone, so nothing can finish or call the LLM between these snapshots and the kill.
    const finished = new Set<string>();
    for (const [articleId, stages] of await finishedStages(harness.blobs))
      for (const stage of stages) finished.add(`${lengthOf.get(articleId)}/${stage}`);
    kills.push({ uptimeMs, finished, requests: requestsBySequence(harness.llm) });
    const restarting = Date.now();
    worker = await harness.spawnWorker(String(kill));
    restartsMs.push(Date.now() - restarting);
  }
  const lastKill = Date.now();

  const summaries = await Promise.all(handles.map((handle) => handle.result()));
  const finishedAt = Date.now();
  expect(summaries.map((summary) => summary.title)).toEqual(inputs.map((input) => taggedTitle(input.length)));
  const rows = await harness.db.selectFrom('articles').selectAll().where('owner', '=', owner).execute();
  expect(rows).toHaveLength(GENERATIONS);
  expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['completed']));
  await expectOneSetOfOutputs(
    harness.blobs,
    inputs.map((input) => input.articleId),
  );

  // A stage that had its manifest at a kill must not have met the LLM again after it.
  const final = requestsBySequence(harness.llm);
  const repeated: string[] = [];
  const checked = new Set<string>();
  for (const snapshot of kills) {
    for (const sequence of snapshot.finished) {
      if (checked.has(sequence) || sequence.endsWith('/upload')) continue;
      checked.add(sequence);
      const before = snapshot.requests.get(sequence) ?? 0;
      if ((final.get(sequence) ?? 0) !== before)
        repeated.push(`${sequence}: ${before} before the kill, ${final.get(sequence)} in the end`);
    }
  }
  expect(repeated).toEqual([]);

  const progress = await Promise.all(handles.map((handle) => harness.progress(handle)));
  const retried = progress.flatMap((p) => p.stages).filter((stage) => stage.attempts > 1);
  const llmRequests = [...final.values()].reduce((sum, count) => sum + count, 0);
  printFigures(`crashes (seed ${SEED})`, {
    generations: `${GENERATIONS} started, ${summaries.length} completed`,
    'worker SIGKILLs': KILLS,
    'uptime before each kill': kills.map((k) => seconds(k.uptimeMs)).join(' '),
    'LLM stages finished at each kill': kills
      .map((k) => [...k.finished].filter((s) => !s.endsWith('/upload')).length)
      .join(' '),
    'worker restart (median)': seconds(median(restartsMs)),
    'LLM requests': `${llmRequests} (${GENERATIONS * LLM_STAGES.length} without crashes)`,
    'LLM streams cut by kills': Object.values(harness.llm.aborted).reduce((sum, n) => sum + n, 0),
    'stages run more than once': `${retried.length} (max attempts ${Math.max(...retried.map((s) => s.attempts), 1)})`,
    'finished stages checked': checked.size,
    'requests repeated for a finished stage': repeated.length,
    'article rows / one set of blobs each': `${rows.length} / yes`,
    'chaos phase': seconds(lastKill - started),
    'completion after the last kill': seconds(finishedAt - lastKill),
  });
}, 600_000);
