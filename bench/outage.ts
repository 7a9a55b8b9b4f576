import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { PipelineHarness } from '../test/helpers/pipeline-harness';
import { DEFAULT_STAGE_RETRY } from '../workflows/stage-retry';
import type { StageWaiting } from '../workflows/types';
import { log } from './load';
import { machineDetails } from './machine';
import { median } from './stats';

/**
 * The long mode of the outage tests: generations meet an LLM provider that answers 503 for
 * OPAD_OUTAGE_MINUTES (default 3), with the retry settings users get (6 h budget, pauses up to 5 min), and
 * the history events each one adds while it waits are counted. `npm run bench:outage`; the recorded run used
 * OPAD_OUTAGE_MINUTES=35 and is in bench/results/outage.json and docs/reliability.md.
 */
const MINUTES = Number(process.env.OPAD_OUTAGE_MINUTES ?? 3);
const GENERATIONS = Number(process.env.OPAD_OUTAGE_GENERATIONS ?? 5);
const RESULTS = path.resolve(__dirname, 'results', 'outage.json');

function eventTimeMs(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(time?.seconds ?? 0) * 1_000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

/** Events the run's history gained between `from` and `to`, and how many of them were signals. */
async function eventsBetween(handle: WorkflowHandle, from: number, to: number) {
  const history = await handle.fetchHistory();
  const during = (history.events ?? []).filter((event) => {
    const at = eventTimeMs(event.eventTime);
    return at >= from && at < to;
  });
  const signals = during.filter((event) => event.workflowExecutionSignaledEventAttributes).length;
  return { events: during.length, signals, total: history.events?.length ?? 0 };
}

async function main(): Promise<void> {
  const harness = new PipelineHarness({ retry: DEFAULT_STAGE_RETRY });
  try {
    await harness.start();
    await harness.startWorker();
    const owner = await harness.createUser();
    const inputs = await Promise.all(
      Array.from({ length: GENERATIONS }, (_, i) => harness.createArticle({ topic: `outage ${i}` }, owner)),
    );
    harness.llm.setOutage({ kind: 'status', status: 503 });
    const down = Date.now();
    log(`LLM provider down; ${GENERATIONS} generations started; back in ${MINUTES} min`);
    const handles = await Promise.all(inputs.map((input) => harness.startGeneration(input)));
    await sleep((MINUTES * 60_000) / 2);
    const progress = await harness.progress(handles[0] as WorkflowHandle);
    const waitingMidway = progress.stages.find((stage) => stage.waiting)?.waiting as StageWaiting;
    log(`midway: ${JSON.stringify(waitingMidway)}`);
    await sleep(Math.max(0, down + MINUTES * 60_000 - Date.now()));
    harness.llm.setOutage(undefined);
    const up = Date.now();
    log('LLM provider back');
    await Promise.all(handles.map((handle) => handle.result()));
    const allDone = Date.now();
    const final = await Promise.all(handles.map((handle) => harness.progress(handle)));
    const counts = await Promise.all(handles.map((handle) => eventsBetween(handle, down, up)));
    const hours = (up - down) / 3_600_000;
    const refused = harness.llm.requests.filter((request) => request.fault).length;
    const eventsDuringOutage = median(counts.map((c) => c.events));
    // Once pauses reach their cap, a waiting stage makes one attempt per cap: the steady cost of an outage.
    const eventsPerAttempt = eventsDuringOutage / (refused / GENERATIONS);
    const result = {
      machine: await machineDetails(harness.databaseUrl),
      command: `OPAD_OUTAGE_MINUTES=${MINUTES} OPAD_OUTAGE_GENERATIONS=${GENERATIONS} npm run bench:outage`,
      retry: DEFAULT_STAGE_RETRY,
      outageMinutes: Math.round(((up - down) / 60_000) * 10) / 10,
      generations: GENERATIONS,
      completed: final.filter((p) => p.status === 'completed').length,
      secondsToCompleteAfterReturn: Math.round((allDone - up) / 100) / 10,
      attemptsOfTheWaitingStage: final.map((p) => p.stages.find((s) => s.name === 'research')?.attempts ?? 0),
      llmRequestsRefusedPerGeneration: Math.round((refused / GENERATIONS) * 10) / 10,
      historyEventsDuringOutage: eventsDuringOutage,
      signalsDuringOutage: median(counts.map((c) => c.signals)),
      historyEventsPerHourOfWaiting: Math.round(eventsDuringOutage / hours),
      historyEventsPerAttempt: Math.round(eventsPerAttempt * 10) / 10,
      historyEventsPerHourAtTheCap: Math.round(
        (eventsPerAttempt * 3_600_000) / DEFAULT_STAGE_RETRY.maxIntervalMs,
      ),
      historyEventsInAll: median(counts.map((c) => c.total)),
      waitingMidway,
    };
    fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.table(Object.entries(result).filter(([key]) => !['machine', 'waitingMidway'].includes(key)));
    log(`written to ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await harness.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
