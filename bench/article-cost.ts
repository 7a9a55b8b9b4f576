import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { waitFor } from '../stack/ports';
import { bundleWorkflowsBeforeNewestPatch, DECLINED_PATCH } from '../test/helpers/code-before-patch';
import { commandsOf } from '../test/helpers/history-events';
import { PipelineHarness } from '../test/helpers/pipeline-harness';
import { bundleWorkflows } from '../worker/create-worker';
import { log } from './load';
import { machineDetails } from './machine';
import {
  difference,
  findMetricsUrl,
  readServerCounters,
  type ServerCounters,
} from './measure/server-metrics';
import { median } from './stats';

/**
 * What one article costs the Temporal server, on the code before the newest patch (DECLINED_PATCH, now
 * input-checked-by-stages) and on the current code: history events, workflow and activity tasks, the server's
 * RPCs that act on the workflow (the history service's requests: the start, task hand-outs, completions,
 * heartbeats, signals; not the bench's own reads of the result and the history) and its persistence writes (one
 * CreateWorkflowExecution, then one UpdateWorkflowExecution per change of the workflow: each is a database
 * transaction). Articles run one at a time, so the counters' change is one article's. Counts, not times: a busy
 * machine changes none of them. `npm run bench:article-cost`; the result is in bench/results/article-cost.json.
 */
const ARTICLES = Number(process.env.OPAD_COST_ARTICLES ?? 5);
const RESULTS = path.resolve(__dirname, 'results', 'article-cost.json');

/** The reads the bench itself makes (the result, the history) are not the article's cost. */
const isBenchRead = (operation: string) => /^(Get|Poll|Describe|Query|List)/.test(operation);

const sum = (counters: ServerCounters, prefix: string, operations?: string[]) =>
  [...counters]
    .filter(([key]) => key.startsWith(prefix))
    .filter(([key]) => {
      const operation = key.split(' ')[2] ?? '';
      return operations ? operations.includes(operation) : !isBenchRead(operation);
    })
    .reduce((total, [, value]) => total + value, 0);

async function measure(harness: PipelineHarness, metricsUrl: string, taskQueue: string) {
  const before = await readServerCounters(metricsUrl);
  const handle = await harness.startGeneration(await harness.createArticle({ topic: taskQueue }), taskQueue);
  await handle.result();
  const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as {
    events: Array<{ eventType: string }>;
  };
  const count = (type: string) =>
    history.events.filter((event) => event.eventType === `EVENT_TYPE_${type}`).length;
  const workflowTasks = count('WORKFLOW_TASK_COMPLETED');
  // The server publishes its counters every few seconds: wait until they show this article's last task.
  let delta: ServerCounters = new Map();
  await waitFor('the server counters to show the article', async () => {
    delta = difference(await readServerCounters(metricsUrl), before);
    return sum(delta, 'service_requests history', ['RespondWorkflowTaskCompleted']) >= workflowTasks;
  });
  return {
    historyEvents: history.events.length,
    workflowTasks,
    activityTasks: count('ACTIVITY_TASK_SCHEDULED'),
    markers: count('MARKER_RECORDED'),
    localActivities: commandsOf(history).filter((c) => c.command.startsWith('local:')).length,
    historyServiceRequests: sum(delta, 'service_requests history'),
    historyWrites: sum(delta, 'persistence_requests history', [
      'CreateWorkflowExecution',
      'UpdateWorkflowExecution',
    ]),
    requestsByOperation: Object.fromEntries(
      [...delta]
        .filter(([key]) => key.startsWith('service_requests history'))
        .map(([key, n]) => [key.split(' ')[2], n]),
    ),
  };
}

async function main(): Promise<void> {
  const harness = await new PipelineHarness().start();
  try {
    const [pid] = harness.startedPids;
    if (pid === undefined)
      throw new Error('the dev server was not spawned by opad, so its metrics cannot be found');
    const metricsUrl = await findMetricsUrl(pid);
    const versions: Array<[string, WorkflowBundleWithSourceMap]> = [
      [`before ${DECLINED_PATCH}`, await bundleWorkflowsBeforeNewestPatch()],
      ['current code', await bundleWorkflows()],
    ];
    const results: Record<string, unknown> = {};
    for (const [name, workflowBundle] of versions) {
      const taskQueue = `cost-${name.replace(/\W+/g, '-')}`;
      await harness.startWorker({ taskQueue, workflowBundle });
      await measure(harness, metricsUrl, taskQueue); // warm-up: the worker's first task queue and sandbox
      const samples: Array<Awaited<ReturnType<typeof measure>>> = [];
      for (let i = 0; i < ARTICLES; i++) samples.push(await measure(harness, metricsUrl, taskQueue));
      const medianOf = (key: keyof (typeof samples)[number]) => median(samples.map((s) => s[key] as number));
      results[name] = {
        historyEvents: medianOf('historyEvents'),
        workflowTasks: medianOf('workflowTasks'),
        activityTasks: medianOf('activityTasks'),
        markers: medianOf('markers'),
        localActivities: medianOf('localActivities'),
        historyServiceRequests: medianOf('historyServiceRequests'),
        historyWrites: medianOf('historyWrites'),
        requestsByOperation: samples[0]?.requestsByOperation,
        samples: samples.map(({ requestsByOperation: _, ...figures }) => figures),
      };
      log(`${name}: ${JSON.stringify(results[name])}`);
    }
    const report = {
      machine: await machineDetails(harness.databaseUrl),
      command: `OPAD_COST_ARTICLES=${ARTICLES} npm run bench:article-cost`,
      articles: ARTICLES,
      perArticle: results,
    };
    fs.writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    log(`written ${RESULTS}`);
  } finally {
    await harness.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
