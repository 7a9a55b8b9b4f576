import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { ManagedProcess } from '../../stack/managed-process';
import { freePort, waitFor } from '../../stack/ports';
import type { PipelineHarness } from '../../test/helpers/pipeline-harness';
import { readEvents } from '../../test/helpers/sse';
import { progressQuery } from '../../workflows/messages';
import {
  type GenerationProgress,
  STAGES_BEFORE_LEVEL_CHECK as PIPELINE_STAGES,
  type StageName,
} from '../../workflows/types';
import { type CpuGroups, findPid } from '../cpu';
import type { TimedLlm } from '../fixtures/timed-llm';
import { nowMs } from '../stats';
import { HttpJobClient } from './http-client';
import { spawnScript, WorkerProcesses } from './processes';
import type { Deployment, DeploymentOptions, JobClient, StageTimes, SystemUnderTest } from './types';

interface HistoryEvent {
  eventId?: { toString(): string } | null;
  workflowTaskStartedEventAttributes?: object | null;
  workflowTaskCompletedEventAttributes?: object | null;
  eventTime?: { seconds?: { toString(): string } | number | null; nanos?: number | null } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: { toString(): string } | null } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: { toString(): string } | null } | null;
}

const eventMs = (event: HistoryEvent) =>
  Number(String(event.eventTime?.seconds ?? 0)) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;

/** opad as `npm start` runs it: api/main.ts and worker/main.ts as child processes on the harness's servers. */
export class OpadSystem implements SystemUnderTest {
  readonly name = 'opad' as const;

  constructor(
    private readonly harness: PipelineHarness,
    private readonly llm: TimedLlm,
    private readonly logDir: string,
  ) {}

  async deploy(options: DeploymentOptions): Promise<OpadDeployment> {
    const deployment = new OpadDeployment(this.harness, this.llm, this.logDir, options);
    await deployment.start();
    return deployment;
  }
}

let spawned = 0;

export class OpadDeployment implements Deployment {
  readonly name = 'opad' as const;
  readonly queue = `bench-${randomUUID().slice(0, 8)}`;
  private api?: ManagedProcess;
  private readonly workerProcesses = new WorkerProcesses(() =>
    spawnScript({
      name: `opad-worker-${++spawned}`,
      script: 'worker/main.ts',
      env: this.env(),
      logDir: this.logDir,
      readyLine: 'polling',
    }),
  );
  private baseUrl = '';
  private users = 0;
  private serverPids?: { temporal?: number; postgres?: number };
  /** Cancels the result() long-polls still open when the deployment stops, before the harness closes its connection. */
  private readonly waits = new AbortController();

  constructor(
    private readonly harness: PipelineHarness,
    private readonly llm: TimedLlm,
    private readonly logDir: string,
    private readonly options: DeploymentOptions,
  ) {
    // One listener per article being waited for; hundreds are expected.
    setMaxListeners(0, this.waits.signal);
  }

  get workers(): number {
    return this.options.workers;
  }

  private env(extra: Record<string, string> = {}): Record<string, string> {
    return this.harness.workerEnv({
      TEMPORAL_TASK_QUEUE: this.queue,
      OPENAI_BASE_URL: this.llm.baseUrl,
      WORKER_ACTIVITY_CONCURRENCY: String(this.options.slots),
      // Request logs at info would cost the API a write per request that the baselines do not pay.
      LOG_LEVEL: 'warn',
      // The limiter protects a real deployment from abuse; a benchmark that hit it would measure 429s.
      API_RATE_LIMIT_PER_MINUTE: '100000000',
      ...extra,
    });
  }

  private waitConnection?: Promise<Client>;

  /**
   * Long-polls for results on a connection of their own that is never closed: a poll that outlives the run would
   * otherwise retry on the harness's closed channel and throw from a timer. process.exit ends it.
   */
  private waitClient(): Promise<Client> {
    this.waitConnection ??= Connection.connect({ address: this.harness.temporalAddress }).then(
      (connection) => new Client({ connection }),
    );
    return this.waitConnection;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.api = await spawnScript({
      name: `opad-api-${++spawned}`,
      script: 'api/main.ts',
      env: this.env({ API_PORT: String(port) }),
      logDir: this.logDir,
      readyPort: port,
    });
    await this.workerProcesses.startAll(this.options.workers);
  }

  startWorker(index: number): Promise<void> {
    return this.workerProcesses.start(index);
  }

  killWorker(index: number): Promise<void> {
    return this.workerProcesses.kill(index);
  }

  async clients(count: number): Promise<HttpJobClient[]> {
    const clients: HttpJobClient[] = [];
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${this.baseUrl}/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `bench${++this.users}-${this.queue}@example.com`,
          password: 'correct horse battery staple',
        }),
      });
      const body = (await response.json()) as { token?: string };
      if (response.status !== 201 || !body.token) throw new Error(`sign-up failed: ${response.status}`);
      clients.push(new HttpJobClient(this.baseUrl, body.token));
    }
    return clients;
  }

  async waitDone(jobId: string, timeoutMs = 600_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const client = await this.waitClient();
    const done = client
      .withAbortSignal(this.waits.signal, async () => {
        // The API answers before the starter has started the run.
        const handle = client.workflow.getHandle(jobId);
        await waitFor(`${jobId} to start`, async () => Boolean(await handle.describe()), {
          timeoutMs,
          intervalMs: 20,
        });
        return handle.result();
      })
      .then(
        () => true,
        () => false,
      );
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** From the workflow history: ActivityTaskStarted is when a worker took the stage, Completed when it ended. */
  async stageTimes(jobId: string): Promise<StageTimes[]> {
    const history = await this.harness.client.workflow.getHandle(jobId).fetchHistory();
    const events = (history.events ?? []) as HistoryEvent[];
    const stageOf = new Map<string, StageName>();
    const times = new Map<StageName, StageTimes>();
    for (const event of events) {
      const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (scheduled && (PIPELINE_STAGES as readonly string[]).includes(scheduled))
        stageOf.set(String(event.eventId), scheduled as StageName);
      const started = event.activityTaskStartedEventAttributes?.scheduledEventId;
      const completed = event.activityTaskCompletedEventAttributes?.scheduledEventId;
      const stage = stageOf.get(String(started ?? completed));
      if (!stage) continue;
      const entry = times.get(stage) ?? { stage, start: Number.NaN, end: Number.NaN };
      if (started) entry.start = eventMs(event);
      else entry.end = eventMs(event);
      times.set(stage, entry);
    }
    return PIPELINE_STAGES.map((stage) => times.get(stage) ?? { stage, start: Number.NaN, end: Number.NaN });
  }

  /**
   * The hand-off before each stage, split by the history: time the server took to hand the workflow task and then
   * the activity task to the worker, and time the worker spent on the workflow task in between.
   */
  async handoffParts(
    jobId: string,
  ): Promise<Partial<Record<StageName, { server: number; workflowTask: number }>>> {
    const history = await this.harness.client.workflow.getHandle(jobId).fetchHistory();
    const parts: Partial<Record<StageName, { server: number; workflowTask: number }>> = {};
    const stageOf = new Map<string, StageName>();
    let ready = Number.NaN;
    let taskStarted = Number.NaN;
    let server = 0;
    let workflowTask = 0;
    for (const event of (history.events ?? []) as HistoryEvent[]) {
      const at = eventMs(event);
      if (Number.isNaN(ready)) ready = at;
      if (event.workflowTaskStartedEventAttributes) {
        server += at - ready;
        taskStarted = at;
      } else if (event.workflowTaskCompletedEventAttributes) {
        workflowTask += at - taskStarted;
      }
      const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (scheduled && (PIPELINE_STAGES as readonly string[]).includes(scheduled)) {
        stageOf.set(String(event.eventId), scheduled as StageName);
        ready = at;
      }
      const started = stageOf.get(String(event.activityTaskStartedEventAttributes?.scheduledEventId));
      if (started) {
        parts[started] = { server: server + at - ready, workflowTask };
        server = 0;
        workflowTask = 0;
      }
      if (event.activityTaskCompletedEventAttributes) ready = at;
    }
    return parts;
  }

  /** opad's own ledger: llm_usage holds one row per LLM call that returned, tagged with its article and time. */
  async completedCalls(jobIds: string[]): Promise<Map<string, Record<string, number[]>>> {
    const ids = jobIds.map((jobId) => jobId.replace(/^article-/, ''));
    const rows = await this.harness.db
      .selectFrom('llm_usage')
      .select(['article_id', 'operation', 'created_at'])
      .where('article_id', 'in', ids)
      .execute();
    const calls = new Map<string, Record<string, number[]>>();
    for (const row of rows) {
      const key = `article-${row.article_id}`;
      const counts = calls.get(key) ?? {};
      counts[row.operation] = [...(counts[row.operation] ?? []), new Date(row.created_at).getTime()];
      calls.set(key, counts);
    }
    return calls;
  }

  /** The workflow query straight from a Temporal client, without the API's auth and database lookup. */
  async directQuery(jobId: string): Promise<GenerationProgress> {
    return this.harness.client.workflow.getHandle(jobId).query(progressQuery);
  }

  /** Follows GET /jobs/:id/events to its end and returns each event with the instant it arrived. */
  async followEvents(client: JobClient, jobId: string) {
    const arrivals: Array<{ at: number; progress: GenerationProgress }> = [];
    await readEvents(`${this.baseUrl}/jobs/${jobId}/events`, (client as HttpJobClient).headers, (event) => {
      arrivals.push({ at: nowMs(), progress: JSON.parse(event.data) as GenerationProgress });
      return event.event === 'end';
    });
    return arrivals;
  }

  cpuGroups(): CpuGroups {
    if (!this.serverPids?.temporal || !this.serverPids.postgres) {
      const port = this.harness.temporalAddress.split(':')[1] as string;
      this.serverPids = {
        temporal: findPid('start-dev', `--port ${port}`),
        postgres: findPid(`-D ${path.join(this.harness.dir, 'pg')}`),
      };
    }
    return {
      temporal: this.serverPids.temporal ? [this.serverPids.temporal] : [],
      postgres: this.serverPids.postgres ? [this.serverPids.postgres] : [],
      api: this.api ? [this.api.pid] : [],
      worker: this.workerProcesses.pids(),
      bench: [process.pid],
    };
  }

  async stop(): Promise<void> {
    this.waits.abort();
    await this.workerProcesses.stop();
    await this.api?.stop(5_000);
    await this.retireUnfinished();
  }

  /**
   * The deployments share one database. Articles this one accepted but did not finish (the accept figure runs
   * no worker) would otherwise be started, or repaired, by the next deployment's API, on its task queue.
   */
  private async retireUnfinished(): Promise<void> {
    const { db } = this.harness;
    const mine = db
      .selectFrom('articles')
      .innerJoin('users', 'users.id', 'articles.owner')
      .select('articles.id')
      .where('users.email', 'like', `%-${this.queue}@example.com`);
    await db.deleteFrom('start_requests').where('article_id', 'in', mine).execute();
    await db
      .updateTable('articles')
      .set({ status: 'cancelled' })
      .where('id', 'in', mine)
      .where('status', 'in', ['queued', 'running'])
      .execute();
  }
}
