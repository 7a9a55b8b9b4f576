import pg from 'pg';
import { freePort } from '../stack/ports';
import { DATABASES } from '../stack/temporal-server-config';
import { ApiClient, registerAndSignIn } from '../test/helpers/api-harness';
import { PipelineHarness } from '../test/helpers/pipeline-harness';
import { startCpuSample } from './cpu';
import { writeBenchSection } from './doc-section';
import { round } from './stats';

/**
 * `npm run bench:cluster`: what one article costs the real Temporal server on PostgreSQL (the cluster mode),
 * measured over a batch of generations accepted through the API with an instant fake LLM: history events,
 * the server's persistence requests by operation, its CPU, and PostgreSQL transactions, row writes and WAL
 * bytes per database. docs/scaling.md sizes deployments from these figures. Prints them; never fails on one.
 */
const BEGIN = '<!-- cluster-cost:begin (written by `npm run bench:cluster`; edit outside these markers) -->';
const END = '<!-- cluster-cost:end -->';
const ARTICLES = Number(process.env.BENCH_CLUSTER_ARTICLES ?? 100);
const CONCURRENCY = 10;
const SHARDS = 4;
const OPAD_DATABASE = 'opad';
const WATCHED_DATABASES = [DATABASES.default, DATABASES.visibility, OPAD_DATABASE];

interface DatabaseStats {
  transactions: number;
  rowWrites: number;
}

async function postgresStats(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Backends report their counters at most once a second; give the last ones time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { rows } = await client.query<{ datname: string; xact: string; writes: string }>(
      `SELECT datname, xact_commit AS xact, tup_inserted + tup_updated + tup_deleted AS writes
         FROM pg_stat_database WHERE datname = ANY($1)`,
      [WATCHED_DATABASES],
    );
    const [wal] = (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows;
    const [high, low] = (wal?.lsn ?? '0/0').split('/').map((part) => Number.parseInt(part, 16));
    return {
      databases: Object.fromEntries(
        rows.map((row) => [row.datname, { transactions: Number(row.xact), rowWrites: Number(row.writes) }]),
      ) as Record<string, DatabaseStats>,
      walBytes: (high ?? 0) * 2 ** 32 + (low ?? 0),
    };
  } finally {
    await client.end();
  }
}

/** The server's `persistence_requests` counter, summed per operation over its services. */
async function persistenceRequests(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const totals: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('persistence_requests{')) continue;
    const operation = /operation="([^"]+)"/.exec(line)?.[1] ?? 'unknown';
    totals[operation] = (totals[operation] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return totals;
}

function perArticle(after: number, before: number): number {
  return round((after - before) / ARTICLES, 1);
}

async function run(): Promise<void> {
  const harness = await new PipelineHarness({ temporal: 'server', historyShards: SHARDS }).start();
  try {
    const metricsUrl = harness.temporalServer.metricsUrl as string;
    const worker = await harness.spawnWorker('bench');
    const port = await freePort();
    const api = await harness.spawnApi('bench', port);
    const baseUrl = `http://127.0.0.1:${port}`;
    const registered = await registerAndSignIn(baseUrl, 'cluster-bench@example.com');
    const user = new ApiClient(baseUrl, registered.token);
    const generate = async (ids: string[], count: number, label: string) => {
      for (let next = 0; next < count; next += CONCURRENCY) {
        const batch = Array.from({ length: Math.min(CONCURRENCY, count - next) }, (_, i) =>
          user.post('/articles', { language: 'en', level: 'B1', length: 300, topic: `${label} ${next + i}` }),
        );
        for (const res of await Promise.all(batch)) ids.push(res.body.articleId as string);
      }
      await harness.waitUntilCompleted(ids, 600_000);
    };
    // A warm-up, so that caches, JIT and connection pools are in the state a running cluster has.
    await generate([], 10, 'warm-up');

    const serverPid = harness.temporalServer.process?.pid as number;
    const [postgresPid] = harness.startedPids.filter((pid) => pid !== serverPid);
    const cpu = startCpuSample(() => ({
      temporal: [serverPid],
      postgres: postgresPid ? [postgresPid] : [],
      worker: [worker.pid],
      api: [api.pid],
    }));
    const statsBefore = await postgresStats(harness.databaseUrl);
    const requestsBefore = await persistenceRequests(metricsUrl);
    const started = Date.now();
    const ids: string[] = [];
    await generate(ids, ARTICLES, 'measured');
    const wallSeconds = (Date.now() - started) / 1000;
    const usage = cpu();
    const requestsAfter = await persistenceRequests(metricsUrl);
    const statsAfter = await postgresStats(harness.databaseUrl);

    const histories = await Promise.all(
      ids.map((id) => harness.client.workflow.getHandle(`article-${id}`).fetchHistory()),
    );
    const events = histories.map((history) => history.events?.length ?? 0);
    const operations = Object.fromEntries(
      Object.keys(requestsAfter)
        .map((op) => [op, perArticle(requestsAfter[op] ?? 0, requestsBefore[op] ?? 0)] as const)
        .filter(([, n]) => n > 0)
        .sort(([, a], [, b]) => b - a),
    );
    const cpuMsPerArticle = Object.fromEntries(
      Object.entries(usage.groups).map(([group, percent]) => [
        group,
        round(((percent / 100) * usage.seconds * 1000) / ARTICLES, 0),
      ]),
    );
    const databases = Object.fromEntries(
      WATCHED_DATABASES.map((name) => {
        const before = statsBefore.databases[name] as DatabaseStats;
        const after = statsAfter.databases[name] as DatabaseStats;
        return [
          name,
          {
            transactions: perArticle(after.transactions, before.transactions),
            rowWrites: perArticle(after.rowWrites, before.rowWrites),
          },
        ];
      }),
    );
    const results = {
      date: new Date().toISOString(),
      articles: ARTICLES,
      concurrency: CONCURRENCY,
      historyShards: SHARDS,
      wallSeconds: round(wallSeconds, 1),
      articlesPerSecond: round(ARTICLES / wallSeconds, 2),
      historyEventsPerArticle: round(events.reduce((a, b) => a + b, 0) / events.length, 1),
      persistenceRequestsPerArticle: round(
        Object.values(operations).reduce((a, b) => a + b, 0),
        1,
      ),
      persistenceRequestsByOperation: operations,
      cpuMsPerArticle,
      machineBusyPercent: usage.machineBusyPercent,
      postgresPerArticle: databases,
      walBytesPerArticle: Math.round((statsAfter.walBytes - statsBefore.walBytes) / ARTICLES),
    };
    console.log(JSON.stringify(results, null, 2));
    writeBenchSection('cluster-cost', { begin: BEGIN, end: END }, describe(results), results);
  } finally {
    await harness.close();
  }
}

function describe(r: {
  articles: number;
  historyShards: number;
  articlesPerSecond: number;
  historyEventsPerArticle: number;
  persistenceRequestsPerArticle: number;
  persistenceRequestsByOperation: Record<string, number>;
  cpuMsPerArticle: Record<string, number>;
  postgresPerArticle: Record<string, DatabaseStats>;
  walBytesPerArticle: number;
  date: string;
}): string {
  const top = Object.entries(r.persistenceRequestsByOperation)
    .slice(0, 6)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const db = (name: string) => r.postgresPerArticle[name] as DatabaseStats;
  return [
    '## Cost of one article on the real Temporal server (cluster mode)',
    '',
    `Measured by \`npm run bench:cluster\` on ${r.date.slice(0, 10)}: ${r.articles} articles accepted through the API, ${CONCURRENCY} at a time, an instant fake LLM, one worker and one API process, the Temporal server 1.29.1 with ${r.historyShards} history shards, all on PostgreSQL with every commit fsynced. docs/scaling.md sizes deployments from these figures.`,
    '',
    '| figure | per article |',
    '| --- | --- |',
    `| history events | ${r.historyEventsPerArticle} |`,
    `| server persistence requests | ${r.persistenceRequestsPerArticle} (${top}) |`,
    `| CPU, Temporal server | ${r.cpuMsPerArticle.temporal} ms |`,
    `| CPU, PostgreSQL | ${r.cpuMsPerArticle.postgres} ms |`,
    `| CPU, worker / API | ${r.cpuMsPerArticle.worker} ms / ${r.cpuMsPerArticle.api} ms |`,
    `| PostgreSQL transactions: temporal / visibility / opad | ${db(DATABASES.default).transactions} / ${db(DATABASES.visibility).transactions} / ${db(OPAD_DATABASE).transactions} |`,
    `| PostgreSQL row writes: temporal / visibility / opad | ${db(DATABASES.default).rowWrites} / ${db(DATABASES.visibility).rowWrites} / ${db(OPAD_DATABASE).rowWrites} |`,
    `| WAL written | ${(r.walBytesPerArticle / 1024).toFixed(1)} KiB |`,
    `| throughput of this run | ${r.articlesPerSecond} articles/s |`,
  ].join('\n');
}

run().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
