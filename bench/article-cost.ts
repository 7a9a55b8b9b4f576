import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { waitFor } from '../stack/ports';
import { bundleWorkflowsBeforeNewestPatch, DECLINED_PATCH } from '../test/helpers/code-before-patch';
import { commandsOf } from '../test/helpers/history-events';
import { PipelineHarness } from '../test/helpers/pipeline-harness';
import { idleBusyPercent, startCpuSample } from './cpu';
import { writeBenchSection } from './doc-section';
import { startTimedLlm } from './fixtures/timed-llm';
import { log, sleep } from './load';
import { machineDetails } from './machine';
import {
  difference,
  findMetricsUrl,
  readServerCounters,
  type ServerCounters,
} from './measure/server-metrics';
import { type LoggedStatement, StatementLog } from './measure/statements';
import { median, round } from './stats';
import type { HttpJobClient } from './systems/http-client';
import { OpadSystem } from './systems/opad';
import { nextRequest } from './systems/types';

/**
 * What one article costs, articles run one at a time so that every counter's change over a run is one article's.
 *
 * - The Temporal server, on the code before the newest patch (DECLINED_PATCH; an in-process worker with that
 *   bundle) and on the current code: history events, workflow and activity tasks, the history service's
 *   requests that act on the workflow (the start, task hand-outs, completions, heartbeats, signals; not reads:
 *   the result, the history, progress queries) and its persistence writes (one CreateWorkflowExecution, then one
 *   UpdateWorkflowExecution per change of the workflow: each is a database transaction).
 * - On the current code, run as `npm start` runs it (api/main.ts and worker/main.ts as child processes), each
 *   article accepted by POST /articles and followed to its end over SSE as the web does: the PostgreSQL
 *   statements, counted in the server's log (measure/statements.ts) by the connection's application name (see
 *   db/connect.ts), by kind, and, for the worker, by the activity that ran them (from the history's activity
 *   start and completion times), and the CPU of each process over a second series of articles with the log
 *   off, less the CPU of an idle interval of the same length.
 *
 * `npm run bench:article-cost` (OPAD_COST_ARTICLES, default 5); writes bench/results/article-cost.json and its
 * section of docs/benchmarks.md. Counts, not times: a busy machine changes none of them, only the CPU figures.
 */
const BEFORE = `before ${DECLINED_PATCH}`;
const ARTICLES = Number(process.env.OPAD_COST_ARTICLES ?? 5);
/** CPU is read in 10 ms ticks per process: a longer series than the counts need. */
const CPU_ARTICLES = Number(process.env.OPAD_COST_CPU_ARTICLES ?? 20);
const BEGIN =
  '<!-- article-cost:begin (written by `npm run bench:article-cost`; edit outside these markers) -->';
const END = '<!-- article-cost:end -->';

/** The reads of the workflow (result, history, progress queries) are not what the article costs the server. */
const isRead = (operation: string) => /^(Get|Poll|Describe|Query|List)/.test(operation);

const sum = (counters: ServerCounters, prefix: string, operations?: string[]) =>
  [...counters]
    .filter(([key]) => key.startsWith(prefix))
    .filter(([key]) => {
      const operation = key.split(' ')[2] ?? '';
      return operations ? operations.includes(operation) : !isRead(operation);
    })
    .reduce((total, [, value]) => total + value, 0);

interface HistoryJson {
  events: Array<{
    eventId: string;
    eventType: string;
    eventTime: string;
    activityTaskScheduledEventAttributes?: { activityType: { name: string } };
    activityTaskStartedEventAttributes?: { scheduledEventId: string };
    activityTaskCompletedEventAttributes?: { scheduledEventId: string };
    activityTaskFailedEventAttributes?: { scheduledEventId: string };
  }>;
}

interface TemporalFigures {
  historyEvents: number;
  workflowTasks: number;
  activityTasks: number;
  markers: number;
  localActivities: number;
  historyServiceRequests: number;
  historyWrites: number;
  requestsByOperation: Record<string, number>;
}

/** Reads the history and waits until the server's counters (published every few seconds) show its last task. */
async function temporalFigures(
  metricsUrl: string,
  before: ServerCounters,
  history: HistoryJson,
): Promise<TemporalFigures> {
  const count = (type: string) =>
    history.events.filter((event) => event.eventType === `EVENT_TYPE_${type}`).length;
  const workflowTasks = count('WORKFLOW_TASK_COMPLETED');
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

/** Medians of each figure over the samples; maps of counts are taken key by key. */
function medians<T extends object>(samples: T[]): T {
  const keys = [...new Set(samples.flatMap((sample) => Object.keys(sample)))];
  return Object.fromEntries(
    keys.map((key) => {
      const values = samples.map((sample) => (sample as Record<string, unknown>)[key]);
      if (values.some((value) => typeof value === 'object' && value !== null))
        return [key, medians(values.map((value) => (value ?? {}) as object))];
      return [key, median(values.map((value) => Number(value ?? 0)))];
    }),
  ) as T;
}

/** The code before the patch, on an in-process worker: only the server's figures, as before this bench grew. */
async function beforePatch(
  harness: PipelineHarness,
  metricsUrl: string,
  bundle: WorkflowBundleWithSourceMap,
) {
  const taskQueue = `cost-before-${DECLINED_PATCH}`;
  const worker = await harness.startWorker({ taskQueue, workflowBundle: bundle });
  const one = async () => {
    const before = await readServerCounters(metricsUrl);
    const handle = await harness.startGeneration(
      await harness.createArticle({ topic: taskQueue }),
      taskQueue,
    );
    await handle.result();
    const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as HistoryJson;
    return temporalFigures(metricsUrl, before, history);
  };
  await one(); // warm-up: the worker's first task queue and sandbox
  const samples: TemporalFigures[] = [];
  for (let i = 0; i < ARTICLES; i++) samples.push(await one());
  await worker.stop();
  return summarizeTemporal(samples);
}

function summarizeTemporal(samples: TemporalFigures[]) {
  const { requestsByOperation: _, ...figures } = medians(samples);
  return {
    ...figures,
    requestsByOperation: samples[0]?.requestsByOperation,
    samples: samples.map(({ requestsByOperation: _ops, ...rest }) => rest),
  };
}

/** The processes a statement's connection belongs to, by the application names of db/connect.ts. */
const PROCESS_OF: Record<string, string> = {
  'opad-api': 'API: requests (accept, auth, SSE)',
  'opad-api-orchestration': 'API: starter, reconciler, progress reader',
  'opad-api-limits': 'API: rate limits',
  'opad-api-hints': 'API: change hints (LISTEN)',
  'opad-worker': 'worker',
};
const processOf = (application: string) => PROCESS_OF[application] ?? `other (${application || 'bench'})`;

type Counts = Record<string, number>;
const add = (counts: Counts, key: string, n = 1) => {
  counts[key] = (counts[key] ?? 0) + n;
};
const total = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Each activity's span, from the history: started to completed (or failed), in epoch milliseconds. */
function activitySpans(history: HistoryJson): Array<{ name: string; start: number; end: number }> {
  const names = new Map<string, string>();
  const spans = new Map<string, { name: string; start: number; end: number }>();
  for (const event of history.events) {
    const at = Date.parse(event.eventTime);
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType.name;
    if (scheduled) names.set(event.eventId, scheduled);
    const started = event.activityTaskStartedEventAttributes?.scheduledEventId;
    if (started) spans.set(started, { name: names.get(started) ?? '?', start: at, end: Number.NaN });
    const ended = (event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes)
      ?.scheduledEventId;
    const span = ended ? spans.get(ended) : undefined;
    if (span) span.end = at;
  }
  return [...spans.values()];
}

interface StatementSample {
  seconds: number;
  /** process → kind → statements */
  byProcess: Record<string, Counts>;
  /** activity → kind → statements of the worker */
  workerByActivity: Record<string, Counts>;
  /** Each statement's text (literals and parameters dropped), by process and, for the worker, activity. */
  statements: Counts;
}

const shape = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\$\d+/g, '$')
    .trim()
    .slice(0, 160);

function countStatements(statements: LoggedStatement[], history: HistoryJson, seconds: number) {
  const sample: StatementSample = { seconds, byProcess: {}, workerByActivity: {}, statements: {} };
  const spans = activitySpans(history);
  for (const statement of statements) {
    const process = processOf(statement.application);
    sample.byProcess[process] ??= {};
    add(sample.byProcess[process], statement.kind);
    if (statement.application !== 'opad-worker') {
      add(sample.statements, `${process}: ${shape(statement.text)}`);
      continue;
    }
    // A statement in no activity's span is the workflow task's local activity: the outcome.
    const span = spans.find((s) => statement.at >= s.start && statement.at <= s.end);
    const activity = span?.name ?? 'outcome (local activity)';
    sample.workerByActivity[activity] ??= {};
    add(sample.workerByActivity[activity], statement.kind);
    add(sample.statements, `worker, ${activity}: ${shape(statement.text)}`);
  }
  return sample;
}

/** The current code as `npm start` runs it: statements and server figures, then CPU, then an idle interval. */
async function currentCode(harness: PipelineHarness, metricsUrl: string) {
  const llm = await startTimedLlm(harness.llm);
  const system = new OpadSystem(harness, llm, path.join(harness.dir, 'bench-logs'));
  const deployment = await system.deploy({ workers: 1, slots: 4 });
  const statementLog = await StatementLog.open(harness.databaseUrl, path.join(harness.dir, 'postgres.log'));
  try {
    const [client] = (await deployment.clients(1)) as [HttpJobClient];
    /** One article as a learner makes it: accepted by the API, watched over SSE until its end. */
    const article = async () => {
      const jobId = await client.submit(nextRequest());
      const events = await deployment.followEvents(client, jobId);
      const last = events.at(-1)?.progress;
      if (last?.status !== 'completed') throw new Error(`${jobId} ended ${last?.status}`);
      return jobId;
    };
    await article(); // warm-up: JIT, pools, the worker's sandbox

    // Series 1, with every statement logged: statements and the server's figures of each article.
    await statementLog.enable();
    const temporal: TemporalFigures[] = [];
    const statements: StatementSample[] = [];
    for (let i = 0; i < ARTICLES; i++) {
      const before = await readServerCounters(metricsUrl);
      const endWindow = await statementLog.window();
      const startedAt = Date.now();
      const jobId = await article();
      // The SSE stream ends once the outcome is stored; the run closes with the workflow task after it.
      const handle = harness.client.workflow.getHandle(jobId);
      await handle.result();
      const logged = await endWindow();
      const seconds = (Date.now() - startedAt) / 1000;
      const fetched = await handle.fetchHistory();
      const history = JSON.parse(historyToJSON(fetched)) as HistoryJson;
      temporal.push(await temporalFigures(metricsUrl, before, history));
      statements.push(countStatements(logged, history, seconds));
    }
    // What the processes run while no article is in flight (the starter's poll, the reconciler), over as long.
    // At least 30 s, so the reconciler's pass (every 15 s) is counted at its rate.
    const idleSeconds = Math.max(
      30,
      statements.reduce((sum, s) => sum + s.seconds, 0),
    );
    const endIdle = await statementLog.window();
    await sleep(idleSeconds * 1000);
    const idleStatements = countStatements(await endIdle(), { events: [] }, idleSeconds);
    await statementLog.disable();

    // Series 2, with the log off (it costs PostgreSQL CPU): CPU of each process, then idle for as long.
    const groups = () => deployment.cpuGroups();
    const busyBefore = await idleBusyPercent();
    const run = startCpuSample(groups);
    for (let i = 0; i < CPU_ARTICLES; i++) await article();
    const busy = run();
    const idle = startCpuSample(groups);
    await sleep(busy.seconds * 1000);
    const quiet = idle();
    return {
      temporal: summarizeTemporal(temporal),
      statements: summarizeStatements(statements, idleStatements),
      cpu: summarizeCpu(busy, quiet, busyBefore),
    };
  } finally {
    await statementLog.close();
    await deployment.stop();
    await llm.close();
  }
}

function summarizeStatements(samples: StatementSample[], idle: StatementSample) {
  const perSecond = (process: string, kind: string) =>
    (idle.byProcess[process]?.[kind] ?? 0) / Math.max(idle.seconds, 1e-9);
  const byProcess = medians(samples.map((s) => s.byProcess));
  const seconds = median(samples.map((s) => s.seconds));
  // Net of the idle rate: what the article added to what the background loops do anyway in as long.
  const net = Object.fromEntries(
    [...new Set([...Object.keys(byProcess), ...Object.keys(idle.byProcess)])].map((process) => {
      const kinds = new Set([
        ...Object.keys(byProcess[process] ?? {}),
        ...Object.keys(idle.byProcess[process] ?? {}),
      ]);
      const counts: Counts = {};
      for (const kind of kinds)
        counts[kind] = round((byProcess[process]?.[kind] ?? 0) - perSecond(process, kind) * seconds, 1);
      return [process, counts];
    }),
  );
  const totals = (counts: Record<string, Counts>) =>
    Object.fromEntries(Object.entries(counts).map(([process, kinds]) => [process, round(total(kinds), 1)]));
  return {
    secondsPerArticle: round(seconds, 2),
    total: median(samples.map((s) => Object.values(s.byProcess).reduce((n, counts) => n + total(counts), 0))),
    totalNetOfIdle: round(
      Object.values(totals(net)).reduce((a, b) => a + b, 0),
      1,
    ),
    byProcess,
    byProcessTotals: totals(byProcess),
    netOfIdle: net,
    netOfIdleTotals: totals(net),
    idle: {
      seconds: round(idle.seconds, 1),
      perMinute: Object.fromEntries(
        Object.entries(idle.byProcess).map(([process, kinds]) => [
          process,
          Object.fromEntries(
            Object.entries(kinds).map(([kind, n]) => [kind, round((n / idle.seconds) * 60, 1)]),
          ),
        ]),
      ),
    },
    workerByActivity: medians(samples.map((s) => s.workerByActivity)),
    statementsOfFirstArticle: samples[0]?.statements,
  };
}

function summarizeCpu(
  busy: ReturnType<ReturnType<typeof startCpuSample>>,
  idle: ReturnType<ReturnType<typeof startCpuSample>>,
  machineBusyBefore: number,
) {
  // CpuUsage gives percent of one core over its interval: back to milliseconds, per article.
  const ms = (percent: number | undefined, seconds: number) =>
    round((((percent ?? 0) / 100) * seconds * 1000) / CPU_ARTICLES, 0);
  const groups = Object.keys(busy.groups);
  const perArticle = Object.fromEntries(groups.map((g) => [g, ms(busy.groups[g], busy.seconds)]));
  const idleAsLong = Object.fromEntries(groups.map((g) => [g, ms(idle.groups[g], idle.seconds)]));
  return {
    articles: CPU_ARTICLES,
    seconds: round(busy.seconds, 1),
    msPerArticle: perArticle,
    idleMsPerArticleTime: idleAsLong,
    netMsPerArticle: Object.fromEntries(
      groups.map((g) => [g, round((perArticle[g] ?? 0) - (idleAsLong[g] ?? 0), 0)]),
    ),
    machineBusyPercent: {
      beforeRun: machineBusyBefore,
      run: busy.machineBusyPercent,
      idle: idle.machineBusyPercent,
    },
  };
}

type Report = Awaited<ReturnType<typeof measureArticleCost>>;

export async function measureArticleCost() {
  const harness = await new PipelineHarness().start();
  try {
    const [pid] = harness.startedPids;
    if (pid === undefined)
      throw new Error('the dev server was not spawned by opad, so its metrics cannot be found');
    const metricsUrl = await findMetricsUrl(pid);
    const before = await beforePatch(harness, metricsUrl, await bundleWorkflowsBeforeNewestPatch());
    log(`before ${DECLINED_PATCH}: ${JSON.stringify(before)}`);
    const current = await currentCode(harness, metricsUrl);
    log(`current code: ${JSON.stringify(current)}`);
    return {
      machine: await machineDetails(harness.databaseUrl),
      command: `OPAD_COST_ARTICLES=${ARTICLES} OPAD_COST_CPU_ARTICLES=${CPU_ARTICLES} npm run bench:article-cost`,
      articles: ARTICLES,
      perArticle: {
        [BEFORE]: before,
        'current code': current.temporal,
      },
      postgresStatements: current.statements,
      cpu: current.cpu,
    };
  } finally {
    await harness.close();
  }
}

function describe(report: Report): string {
  const before = report.perArticle[BEFORE];
  const current = report.perArticle['current code'];
  const s = report.postgresStatements;
  const kinds = [...new Set(Object.values(s.byProcess).flatMap((counts) => Object.keys(counts)))].sort();
  const row = (figure: string, key: keyof typeof before) =>
    `| ${figure} | ${before[key]} | ${current[key]} |`;
  const activities = Object.keys(s.workerByActivity);
  const workerKinds = [...new Set(Object.values(s.workerByActivity).flatMap((c) => Object.keys(c)))].sort();
  const cpu = report.cpu;
  return [
    '## Cost of one article (`npm run bench:article-cost`)',
    '',
    `Measured on ${report.machine.date.slice(0, 10)}: articles one at a time on the Temporal dev server and the embedded PostgreSQL, with the fake LLM and news servers; the median of ${report.articles} articles after a warm-up. The code before the patch \`${DECLINED_PATCH}\` runs on an in-process worker; the current code runs as \`npm start\` runs it (the API and one worker as processes), each article accepted by \`POST /articles\` and followed over SSE to its end, as the web does. Server requests leave out reads (the result, the history, progress queries).`,
    '',
    `| per article | before ${DECLINED_PATCH} | current code |`,
    '| --- | --- | --- |',
    row('history events', 'historyEvents'),
    row('workflow tasks', 'workflowTasks'),
    row('activity tasks', 'activityTasks'),
    row('history service requests', 'historyServiceRequests'),
    row('history persistence writes', 'historyWrites'),
    '',
    `PostgreSQL statements of one article on the current code: ${s.total} in ${s.secondsPerArticle} s, ${s.totalNetOfIdle} net of what the processes run while idle for as long (the starter's poll once a second, the reconciler's pass every 15 s: ${Object.entries(
      s.idle.perMinute,
    )
      .map(([process, kinds]) => `${process} ${round(total(kinds), 1)} a minute`)
      .join(
        ', ',
      )}). Counted in the server's log (\`log_statement = 'all'\`) by each connection's \`application_name\`; BEGIN and COMMIT count.`,
    '',
    `| process | ${kinds.join(' | ')} | all | net of idle |`,
    `| --- | ${kinds.map(() => '---').join(' | ')} | --- | --- |`,
    ...Object.entries(s.byProcess).map(
      ([process, counts]) =>
        `| ${process} | ${kinds.map((k) => counts[k] ?? 0).join(' | ')} | ${s.byProcessTotals[process]} | ${s.netOfIdleTotals[process] ?? 0} |`,
    ),
    '',
    'The worker’s statements by the activity that ran them (from the history’s start and completion times):',
    '',
    `| activity | ${workerKinds.join(' | ')} | all |`,
    `| --- | ${workerKinds.map(() => '---').join(' | ')} | --- |`,
    ...activities.map((activity) => {
      const counts = s.workerByActivity[activity] as Counts;
      return `| ${activity} | ${workerKinds.map((k) => counts[k] ?? 0).join(' | ')} | ${total(counts)} |`;
    }),
    '',
    `CPU of one article, ms per process, over ${cpu.articles} more articles with the statement log off (${cpu.seconds} s), and over an idle interval as long, which the processes spend polling Temporal, the starter's poll and the reconciler. The machine was ${cpu.machineBusyPercent.beforeRun} % busy (of 200 %) just before the run, from other work; bench is this script, the fake LLM and news servers and the SSE client.`,
    '',
    '| process | in the run | idle as long | net |',
    '| --- | --- | --- | --- |',
    ...Object.keys(cpu.msPerArticle).map(
      (group) =>
        `| ${group} | ${cpu.msPerArticle[group]} | ${cpu.idleMsPerArticleTime[group]} | ${cpu.netMsPerArticle[group]} |`,
    ),
  ].join('\n');
}

if (require.main === module) {
  measureArticleCost()
    .then((report) => {
      const body = describe(report);
      console.log(body);
      writeBenchSection('article-cost', { begin: BEGIN, end: END }, body, report);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
