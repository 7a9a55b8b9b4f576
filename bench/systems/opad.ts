import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Activities } from '../../activities';
import type { ManagedProcess } from '../../stack/managed-process';
import { freePort, waitFor } from '../../stack/ports';
import type { PipelineHarness } from '../../test/helpers/pipeline-harness';
import { readEvents } from '../../test/helpers/sse';
import { progressQuery } from '../../workflows/messages';
import { type GenerationProgress, STAGES, type StageName } from '../../workflows/types';
import { type CpuGroups, findPid } from '../cpu';
import type { TimedLlm } from '../fixtures/timed-llm';
import { nowMs } from '../stats';
import { HttpJobClient } from './http-client';
import { spawnScript, WorkerProcesses } from './processes';
import type {
  Deployment,
  DeploymentOptions,
  JobClient,
  RecordedReply,
  StageTimes,
  SystemUnderTest,
} from './types';

interface HistoryEvent {
  eventId?: { toString(): string } | null;
  workflowTaskStartedEventAttributes?: object | null;
  workflowTaskCompletedEventAttributes?: object | null;
  eventTime?: { seconds?: { toString(): string } | number | null; nanos?: number | null } | null;
  activityTaskScheduledEventAttributes?: {
    activityId?: string | null;
    activityType?: { name?: string | null } | null;
  } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: { toString(): string } | null } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: { toString(): string } | null } | null;
}

const eventMs = (event: HistoryEvent) =>
  Number(String(event.eventTime?.seconds ?? 0)) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;

/**
 * The stage each activity belongs to. The level stage is checkLevel, then reviseForLevel and checkLevel again
 * for each revision, so it starts with its first activity and ends with its last.
 */
const STAGE_OF_ACTIVITY: Record<string, StageName> = {
  research: 'research',
  draft: 'draft',
  adapt: 'adapt',
  checkLevel: 'level',
  reviseForLevel: 'level',
  writeQuestions: 'questions',
  narrate: 'narration',
  upload: 'upload',
} satisfies Partial<Record<keyof Activities, StageName>>;

/** The stage a scheduled activity belongs to, if it is a stage's. */
const stageOfScheduled = (event: HistoryEvent): StageName | undefined =>
  STAGE_OF_ACTIVITY[event.activityTaskScheduledEventAttributes?.activityType?.name ?? ''];

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
      // The default token ceiling would pace the instant fake LLM; the baselines have none to pay for.
      LLM_TOKENS_PER_MINUTE: '0',
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
      const account = JSON.stringify({
        email: `bench${++this.users}-${this.queue}@example.com`,
        password: 'correct horse battery staple',
      });
      // Registration gives no token (decision 027): register, then sign in.
      const post = (route: string) =>
        fetch(`${this.baseUrl}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: account,
        });
      const registered = await post('/auth/register');
      if (registered.status !== 202) throw new Error(`sign-up failed: ${registered.status}`);
      const response = await post('/auth/login');
      const body = (await response.json()) as { token?: string };
      if (response.status !== 200 || !body.token) throw new Error(`sign-in failed: ${response.status}`);
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

  /**
   * From the workflow history: ActivityTaskStarted is when a worker took the stage, Completed when it ended. A
   * stage of several activities (the level check and its revisions) runs from its first start to its last end.
   */
  async stageTimes(jobId: string): Promise<StageTimes[]> {
    const history = await this.harness.client.workflow.getHandle(jobId).fetchHistory();
    const events = (history.events ?? []) as HistoryEvent[];
    const stageOf = new Map<string, StageName>();
    const times = new Map<StageName, StageTimes>();
    for (const event of events) {
      const scheduled = stageOfScheduled(event);
      if (scheduled) stageOf.set(String(event.eventId), scheduled);
      const started = event.activityTaskStartedEventAttributes?.scheduledEventId;
      const completed = event.activityTaskCompletedEventAttributes?.scheduledEventId;
      const stage = stageOf.get(String(started ?? completed));
      if (!stage) continue;
      const entry = times.get(stage) ?? { stage, start: Number.NaN, end: Number.NaN };
      if (started && Number.isNaN(entry.start)) entry.start = eventMs(event);
      if (completed) entry.end = eventMs(event);
      times.set(stage, entry);
    }
    return STAGES.map((stage) => times.get(stage) ?? { stage, start: Number.NaN, end: Number.NaN });
  }

  /**
   * The hand-off before each stage, split by the history: time the server took to hand the workflow task and then
   * the activity task to the worker, and time the worker spent on the workflow task in between. The hand-offs
   * inside the level stage, between a check and its revision, are part of that stage's work.
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
      const scheduled = stageOfScheduled(event);
      if (scheduled) {
        stageOf.set(String(event.eventId), scheduled);
        ready = at;
      }
      const started = stageOf.get(String(event.activityTaskStartedEventAttributes?.scheduledEventId));
      if (started) {
        parts[started] ??= { server: server + at - ready, workflowTask };
        server = 0;
        workflowTask = 0;
      }
      if (event.activityTaskCompletedEventAttributes) ready = at;
    }
    return parts;
  }

  /**
   * opad's own ledger: llm_usage opens a row for every LLM call, tagged with its article and activity attempt,
   * and closes it once the reply has ended; a row a kill left open is a call cut off, not a reply. The history
   * says which stage each activity belongs to; an activity's retries are repeats of its one call.
   */
  async completedCalls(jobIds: string[]): Promise<Map<string, RecordedReply[]>> {
    const ids = jobIds.map((jobId) => jobId.replace(/^article-/, ''));
    const rows = await this.harness.db
      .selectFrom('llm_usage')
      .select(['article_id', 'operation', 'attempt_id', 'created_at'])
      .where('article_id', 'in', ids)
      .where('ended', 'in', ['complete', 'truncated', 'refused'])
      .execute();
    const stagesOf = new Map(
      await Promise.all(jobIds.map(async (jobId) => [jobId, await this.activityStages(jobId)] as const)),
    );
    const calls = new Map<string, RecordedReply[]>();
    for (const row of rows) {
      const jobId = `article-${row.article_id}`;
      const [runId, activityId] = row.attempt_id.split('/');
      const replies = calls.get(jobId) ?? [];
      replies.push({
        at: new Date(row.created_at).getTime(),
        operation: row.operation,
        stage: stagesOf.get(jobId)?.get(activityId ?? '') ?? (row.operation as StageName),
        call: `${runId}/${activityId}`,
      });
      calls.set(jobId, replies);
    }
    return calls;
  }

  /** The stage of each of the workflow's activities, by activity ID. */
  private async activityStages(jobId: string): Promise<Map<string, StageName>> {
    const history = await this.harness.client.workflow.getHandle(jobId).fetchHistory();
    const stages = new Map<string, StageName>();
    for (const event of (history.events ?? []) as HistoryEvent[]) {
      const stage = stageOfScheduled(event);
      const activityId = event.activityTaskScheduledEventAttributes?.activityId;
      if (stage && activityId) stages.set(activityId, stage);
    }
    return stages;
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
