import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { STAGES_BEFORE_LEVEL_CHECK as PIPELINE_STAGES } from '../workflows/types';
import { QUICK } from './config';
import type { BenchResults, Figure, SystemResults } from './results';
import { percentile, round } from './stats';
import type { SystemName } from './systems/types';

const ROOT = path.resolve(__dirname, '..');
const SYSTEMS: SystemName[] = ['opad', 'redis-queue', 'bullmq-flow'];
const BEGIN = '<!-- bench:begin (written by `npm run bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

interface Row {
  figure: string;
  unit: string;
  values: Partial<Record<SystemName, number>>;
  /** For opad only: issue 14's target, as a test of opad's value against the others'. */
  target?: Target;
}

interface Target {
  text: string;
  met: (opad: number, values: Row['values']) => boolean;
}

type Pick = (results: SystemResults) => number | undefined;

function row(results: BenchResults, figure: string, unit: string, pick: Pick, target?: Target): Row {
  const values: Row['values'] = {};
  for (const name of SYSTEMS) {
    const system = results.systems[name];
    const value = system ? pick(system) : undefined;
    if (value !== undefined && Number.isFinite(value)) values[name] = value;
  }
  return { figure, unit, values, target };
}

const under = (limit: number, unit: string): Target => ({
  text: `< ${limit} ${unit}`,
  met: (opad) => opad < limit,
});
const atMost = (limit: number, unit: string): Target => ({
  text: `≤ ${limit} ${unit}`,
  met: (opad) => opad <= limit,
});
/** opad against a baseline: `factor` times its value at most (latencies) or at least (throughput). */
const timesOf = (baseline: SystemName, factor: number, direction: 'at most' | 'at least'): Target => ({
  text: `${direction === 'at most' ? '≤' : '≥'} ${factor}× ${baseline}`,
  met: (opad, values) => {
    const other = values[baseline];
    if (other === undefined) return false;
    return direction === 'at most' ? opad <= factor * other : opad >= factor * other;
  },
});
const exactly = (value: number): Target => ({ text: String(value), met: (opad) => opad === value });
/** The sample count beside a percentile's label, so a p99 of a few samples reads as what it is. */
const samples = (count: number | undefined) => (count ? ` (n = ${count})` : '');

function acceptRows(results: BenchResults): Row[] {
  const out: Row[] = [];
  const opadAccept = results.systems.opad?.accept;
  for (const clients of [1, 10, 50]) {
    const level = (r: SystemResults) => r.accept?.closedLoop.find((l) => l.clients === clients);
    const label = `accept, closed loop, ${clients} client${clients > 1 ? 's' : ''}`;
    const n = opadAccept?.closedLoop.find((l) => l.clients === clients)?.latencyMs.count;
    out.push(row(results, `${label}, p50`, 'ms', (r) => level(r)?.latencyMs.p50));
    out.push(
      row(
        results,
        `${label}, p99${samples(n)}`,
        'ms',
        (r) => level(r)?.latencyMs.p99,
        clients === 50 ? timesOf('bullmq-flow', 1.5, 'at most') : undefined,
      ),
    );
  }
  for (const rate of [10, 50, 100]) {
    const level = (r: SystemResults) => r.accept?.openLoop.find((l) => l.ratePerSecond === rate);
    const n = opadAccept?.openLoop.find((l) => l.ratePerSecond === rate)?.latencyMs.count;
    out.push(row(results, `accept, open loop at ${rate}/s, p50`, 'ms', (r) => level(r)?.latencyMs.p50));
    out.push(
      row(
        results,
        `accept, open loop at ${rate}/s, p99${samples(n)}`,
        'ms',
        (r) => level(r)?.latencyMs.p99,
        rate === 50 ? under(25, 'ms') : undefined,
      ),
    );
  }
  return out;
}

/** Per-stage overhead targets are opad's excess over BullMQ's for the same stage. */
const overBullmq = (limit: number): Target => ({
  text: `≤ ${limit} ms over bullmq-flow`,
  met: (opad, values) => values['bullmq-flow'] !== undefined && opad - values['bullmq-flow'] <= limit,
});

function overheadRows(results: BenchResults): Row[] {
  const out: Row[] = [];
  for (const latency of [0, 200]) {
    const run = (r: SystemResults) => r.overhead?.find((o) => o.llmLatencyMs === latency);
    const label = latency ? `LLM ${latency} ms/call` : 'instant LLM';
    out.push(row(results, `one article end-to-end, ${label}`, 'ms', (r) => run(r)?.endToEnd));
    out.push(row(results, `  LLM time, ${label}`, 'ms', (r) => run(r)?.llm));
    out.push(row(results, `  overhead total, ${label}`, 'ms', (r) => run(r)?.overhead));
    out.push(
      row(results, `  overhead before research (accept, dispatch), ${label}`, 'ms', (r) => run(r)?.start),
    );
    for (const stage of PIPELINE_STAGES)
      out.push(
        row(
          results,
          `  overhead ${stage}, ${label}`,
          'ms',
          (r) => run(r)?.stages[stage].overhead,
          stage === 'research' ? undefined : overBullmq(25),
        ),
      );
  }
  return out;
}

function throughputRows(results: BenchResults): Row[] {
  const out: Row[] = [];
  for (const workers of [1, 2]) {
    const run = (r: SystemResults) => r.throughput?.find((t) => t.workers === workers);
    const label = `${workers} worker${workers > 1 ? 's' : ''}`;
    out.push(
      row(
        results,
        `throughput, ${label}, instant LLM`,
        'articles/s',
        (r) => run(r)?.articlesPerSecond,
        timesOf('bullmq-flow', 0.7, 'at least'),
      ),
    );
    for (const group of ['worker', 'temporal'])
      out.push(
        row(
          results,
          `  ${group === 'worker' ? 'worker' : 'Temporal server'} CPU per article, ${label}`,
          'ms',
          (r) => run(r)?.cpuMsPerArticle[group],
          atMost(200, 'ms'),
        ),
      );
  }
  return out;
}

function progressRows(results: BenchResults): Row[] {
  const opad = results.systems.opad?.progress;
  const idleSse = (r: SystemResults) => r.overhead?.find((o) => o.sseDelayMs?.length)?.sseDelayMs ?? [];
  const pct = (values: number[], p: number) =>
    percentile(
      [...values].sort((a, b) => a - b),
      p,
    );
  const idleCount = results.systems.opad ? idleSse(results.systems.opad).length : 0;
  return [
    row(results, 'GET /jobs/:id p50 under load', 'ms', (r) => r.progress?.apiQueryMs.p50, under(10, 'ms')),
    row(
      results,
      `GET /jobs/:id p99 under load${samples(opad?.apiQueryMs.count)}`,
      'ms',
      (r) => r.progress?.apiQueryMs.p99,
      timesOf('redis-queue', 1.5, 'at most'),
    ),
    row(
      results,
      '  workflow query p50 under load (Temporal client)',
      'ms',
      (r) => r.progress?.directQueryMs?.p50,
    ),
    row(
      results,
      `  workflow query p99 under load (Temporal client)${samples(opad?.directQueryMs?.count)}`,
      'ms',
      (r) => r.progress?.directQueryMs?.p99,
    ),
    row(results, 'SSE delay p50, idle (LLM 200 ms/call)', 'ms', (r) => pct(idleSse(r), 50)),
    row(results, `SSE delay p99, idle (LLM 200 ms/call)${samples(idleCount)}`, 'ms', (r) =>
      pct(idleSse(r), 99),
    ),
    row(results, 'SSE delay p50 under load', 'ms', (r) => r.progress?.sseDelayMs?.p50),
    row(
      results,
      `SSE delay p99 under load${samples(opad?.sseDelayMs?.count)}`,
      'ms',
      (r) => r.progress?.sseDelayMs?.p99,
      under(500, 'ms'),
    ),
  ];
}

function crashRows(results: BenchResults): Row[] {
  return [
    row(results, 'crash test: LLM requests per article', 'requests', (r) => r.crash?.requestsPerArticle),
    row(results, '  floor: 4 per article + revisions + interrupted calls', 'requests', (r) =>
      r.crash ? round(r.crash.floor / r.crash.articles, 2) : undefined,
    ),
    row(results, '  replies paid for twice (article × stage)', 'calls', (r) => r.crash?.duplicateReplies),
    row(
      results,
      '  of which after the stage had finished',
      'calls',
      (r) => r.crash?.finishedRerun,
      exactly(0),
    ),
    row(
      results,
      '  articles lost (not completed after the crashes)',
      'articles',
      (r) => r.crash?.lost,
      exactly(0),
    ),
  ];
}

function rows(results: BenchResults): Row[] {
  return [
    ...acceptRows(results),
    ...overheadRows(results),
    ...throughputRows(results),
    ...progressRows(results),
    ...crashRows(results),
  ].filter((r) => Object.keys(r.values).length > 0);
}

const format = (value: number | undefined) =>
  value === undefined ? '—' : Math.abs(value) >= 100 ? String(Math.round(value)) : String(round(value, 2));

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || b === 0) return '—';
  return `${round(a / b, 2)}×`;
}

function verdict(r: Row): string {
  const value = r.values.opad;
  if (!r.target || value === undefined) return '';
  return `${r.target.text}: ${r.target.met(value, r.values) ? 'met' : 'missed'}`;
}

function cells(r: Row): string[] {
  return [
    `${r.figure} (${r.unit})`,
    format(r.values.opad),
    format(r.values['redis-queue']),
    format(r.values['bullmq-flow']),
    ratio(r.values.opad, r.values['redis-queue']),
    ratio(r.values.opad, r.values['bullmq-flow']),
    verdict(r),
  ];
}

const HEADER = ['figure', 'opad', 'redis-queue', 'bullmq-flow', 'opad/redis', 'opad/bullmq', 'target (opad)'];

function textTable(table: Row[]): string {
  const lines = [HEADER, ...table.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? '').length)));
  return lines
    .map((line, n) => {
      const text = line.map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      );
      return n === 0 ? `${text.join('  ')}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : text.join('  ');
    })
    .join('\n');
}

function markdownTable(header: string[], body: string[][]): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...body.map((line) => `| ${line.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

function handoffTable(results: BenchResults): string {
  const body: string[][] = [];
  for (const run of results.systems.opad?.overhead ?? []) {
    for (const stage of PIPELINE_STAGES) {
      const part = run.handoffParts?.[stage];
      if (!part) continue;
      body.push([`LLM ${run.llmLatencyMs} ms`, stage, format(part.server), format(part.workflowTask)]);
    }
  }
  return markdownTable(
    ['run', 'hand-off into', 'Temporal server (dispatch)', 'worker (workflow task)'],
    body,
  );
}

function cpuTable(results: BenchResults): string {
  const groups = ['worker', 'temporal', 'postgres', 'api', 'redis', 'bench'];
  const body: string[][] = [];
  for (const name of SYSTEMS) {
    for (const run of results.systems[name]?.throughput ?? []) {
      const per = (group: string) => run.cpuMsPerArticle?.[group];
      body.push([
        `${name}, ${run.workers} worker${run.workers > 1 ? 's' : ''}`,
        String(run.articlesPerSecond),
        ...groups.map((group) =>
          run.cpu.groups[group] === undefined ? '—' : `${run.cpu.groups[group]}% (${format(per(group))})`,
        ),
        `${run.cpu.otherPercent}%`,
        `${run.cpu.machineBusyPercent}%`,
        `${run.cpu.iowaitPercent ?? 0}%`,
        `${run.cpu.stealPercent ?? 0}%`,
        `${run.warmup.seconds} s, then ${run.windowRates.join(' / ')} (±${round(run.windowSpreadPercent / 2)}%)`,
      ]);
    }
  }
  return markdownTable(
    [
      'run',
      'articles/s',
      ...groups,
      'other',
      'machine busy',
      'iowait',
      'steal',
      'warm-up, then articles/s in each tenth of the window',
    ],
    body,
  );
}

function breakdownTable(results: BenchResults): string {
  const body: string[][] = [];
  for (const name of SYSTEMS) {
    for (const run of results.systems[name]?.overhead ?? []) {
      for (const stage of PIPELINE_STAGES) {
        const s = run.stages[stage];
        body.push([
          `${name}, LLM ${run.llmLatencyMs} ms`,
          stage,
          format(s.span),
          format(s.llm),
          format(s.work),
          format(s.handoff),
          format(s.overhead),
        ]);
      }
    }
  }
  return markdownTable(
    ['run', 'stage', 'span', 'LLM', 'other work in the stage', 'hand-off to next', 'overhead'],
    body,
  );
}

function crashTable(results: BenchResults): string {
  const body: string[][] = [];
  for (const name of SYSTEMS) {
    const crash = results.systems[name]?.crash;
    if (!crash) continue;
    body.push([
      name,
      String(crash.articles),
      String(crash.kills),
      String(crash.completed),
      crash.requeued === undefined ? '—' : `${crash.requeued} → ${crash.completedAfterRequeue} completed`,
      String(crash.llmRequests),
      String(crash.interrupted),
      String(crash.floor),
      Object.entries(crash.byStage)
        .map(([operation, spend]) => `${operation} ${spend.duplicates} (${spend.finishedRerun})`)
        .join(', '),
      String(Object.values(crash.byStage).reduce((sum, stage) => sum + (stage.unrecorded ?? 0), 0)),
    ]);
  }
  return markdownTable(
    [
      'system',
      'articles',
      'kills',
      'completed',
      'requeued by hand',
      'LLM requests',
      'interrupted',
      'floor',
      'replies paid twice (of which after the stage had finished)',
      "replies missing from the system's own record",
    ],
    body,
  );
}

function markdown(results: BenchResults, table: Row[]): string {
  const m = results.machine;
  return [
    BEGIN,
    '',
    `Measured ${m.date.slice(0, 10)} with \`${results.command}\` in ${results.durationSeconds} s.`,
    '',
    `- CPU: ${m.cpuModel}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.os}`,
    `- Node ${m.node}; Temporal CLI ${m.temporalCli} (dev server, SQLite); ${m.postgres}; ${m.redis.split(' sha=')[0]}; BullMQ ${m.bullmq}`,
    "- Durability: opad's PostgreSQL fsyncs every commit and the Temporal dev server's SQLite runs in WAL mode with " +
      "`synchronous=NORMAL`; the baselines' Redis appends every write to its AOF, fsynced every second " +
      '(`appendfsync everysec`, as BullMQ advises for production).',
    `- The machine was ${results.busyBeforePercent}% busy (of ${m.cores * 100}%) before the run started.`,
    '- Ratios are opad ÷ baseline: above 1 means opad takes longer (latencies) or does more (throughput, requests).',
    '',
    markdownTable(HEADER, table.map(cells)),
    '',
    "#### Where one article's time goes (medians, ms)",
    '',
    breakdownTable(results),
    '',
    "#### opad's hand-offs, from the workflow history (medians, ms)",
    '',
    'The time between one activity ending (or the workflow starting) and the next stage starting, split into the',
    "server's part (until the worker got the workflow task, and from scheduling the activity until a worker took",
    "it) and the worker's part (from taking the workflow task to the server receiving its completion).",
    '',
    handoffTable(results),
    '',
    '#### CPU during the throughput runs',
    '',
    '% of one core (the machine has 200 %), and in brackets the CPU milliseconds per completed article.',
    '"other" is busy time no process group accounts for (kernel network work, processes outside the run).',
    '"machine busy" is time the cores ran code; iowait (idle with disk I/O outstanding: fsyncs) and steal (taken',
    'by the hypervisor) are apart from it. The window opens once the loops have completed twice as many articles as are in flight.',
    '',
    cpuTable(results),
    '',
    '#### Crash test',
    '',
    crashTable(results),
    '',
    END,
  ].join('\n');
}

/** The repo's Biome formats JSON and markdown too, so what the bench writes is left as `biome check` wants it. */
function formatFiles(files: string[]): void {
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', ...files], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  } catch {
    // An unformatted file is still a correct one; `npm run format` fixes it.
  }
}

/** Replaces the generated block of the document and keeps the prose around it. */
function updateDocument(file: string, block: string): void {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const begin = previous.indexOf(BEGIN);
  const end = previous.indexOf(END);
  const next =
    begin === -1 || end === -1
      ? `${previous.trimEnd()}\n\n${block}\n`
      : `${previous.slice(0, begin)}${block}${previous.slice(end + END.length)}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
}

/** Prints the table and writes the JSON per figure and the markdown summary; returns the files written. */
export function writeReport(results: BenchResults, figures: readonly Figure[]): string[] {
  // A smoke run or a tagged side experiment must not overwrite the figures of the real run.
  const tag = QUICK ? 'quick' : (process.env.BENCH_TAG ?? '');
  const dir = path.join(ROOT, 'bench', 'results', tag);
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (file: string, body: string) => {
    fs.writeFileSync(file, body);
    written.push(path.relative(ROOT, file));
  };
  const common = { machine: results.machine, command: results.command, quick: results.quick };
  for (const figure of figures) {
    const systems = Object.fromEntries(
      Object.entries(results.systems).map(([name, system]) => [name, system?.[figure]]),
    );
    write(path.join(dir, `${figure}.json`), `${JSON.stringify({ ...common, systems }, null, 2)}\n`);
  }
  write(path.join(dir, 'run.json'), `${JSON.stringify(results, null, 2)}\n`);
  const table = rows(results);
  console.log(`\n${textTable(table)}\n`);
  const document = tag ? path.join(dir, 'benchmarks.md') : path.join(ROOT, 'docs', 'benchmarks.md');
  updateDocument(document, markdown(results, table));
  written.push(path.relative(ROOT, document));
  formatFiles(written);
  return written;
}
