import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { START_REQUEST_MEMO } from '../../contracts/start-memo';
import type { Db } from '../../db/connect';
import {
  type ClaimedStart,
  claimDueStartRequests,
  completeStartRequest,
  postponeStartRequest,
} from '../../db/queries/start-requests';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import type { StageRetry } from '../../workflows/stage-retry';
import {
  callTemporal,
  describeRun,
  inputOf,
  messageOf,
  type TemporalAccess,
  workflowIdOf,
} from './temporal-calls';

export interface StarterSettings {
  taskQueue: string;
  /** Recorded in each workflow input: how long a stage waits out outages. */
  stageRetry: StageRetry;
  /** Each Temporal call gives up after this; a claim lasts three times as long. */
  temporalTimeoutMs: number;
  /** Longest wait between two tries of one request. */
  maxBackoffMs: number;
  /** How often the starter looks for due requests. */
  pollMs: number;
  concurrency: number;
}

export interface StarterDeps extends TemporalAccess {
  db: Db;
  settings: StarterSettings;
}

/** The run is there (its id when Temporal said it), or the run it replaces has not closed yet. */
type Launch = { started: true; runId?: string } | { started: false };

const CLOSING_RETRY_MS = 250;

/**
 * Starts committed generations on Temporal. The accept path hands each new request to `startNow` right after
 * its commit; a loop in every API process takes any request still due (a crash, a Temporal outage), with
 * backoff. The workflow ID and the memo make a start repeated by both paths one run.
 */
export class Starter {
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private lastFailureAt = 0;
  private lastSuccessAt = 0;
  private stopped = false;

  constructor(private readonly deps: StarterDeps) {}

  get leaseMs(): number {
    return this.deps.settings.temporalTimeoutMs * 3;
  }

  /** False while the last start failed for lack of an answer from Temporal. */
  get orchestratorReachable(): boolean {
    return this.lastFailureAt <= this.lastSuccessAt;
  }

  run(): void {
    const tick = async () => {
      await this.startDue().catch((error) =>
        this.deps.logger.warn({ err: error }, 'starter: could not read the pending starts'),
      );
      if (!this.stopped) this.timer = setTimeout(tick, this.deps.settings.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Fire and forget: the request is committed, so a failure here only delays it. */
  startNow(start: ClaimedStart): void {
    const attempt = this.attempt(start).finally(() => this.inFlight.delete(attempt));
    this.inFlight.add(attempt);
  }

  private async startDue(): Promise<void> {
    const free = this.deps.settings.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const due = await claimDueStartRequests(this.deps.db, free, this.leaseMs);
    for (const start of due) this.startNow(start);
  }

  private async attempt(start: ClaimedStart): Promise<void> {
    const { db, logger, metrics } = this.deps;
    try {
      const launch = await this.launch(start);
      this.lastSuccessAt = Date.now();
      if (!launch.started) {
        await postponeStartRequest(db, start, CLOSING_RETRY_MS, 'waiting for the previous run to close');
        return;
      }
      if (!(await completeStartRequest(db, start, launch.runId))) await this.cancelWithdrawn(start);
    } catch (error) {
      this.lastFailureAt = Date.now();
      metrics.workflowStartFailures.inc({ kind: start.kind });
      const delay = this.backoff(start.attempts);
      logger.warn(
        { err: error, articleId: start.article.id, attempt: start.attempts, retryInMs: delay },
        'starter: the workflow could not be started yet',
      );
      await postponeStartRequest(db, start, delay, messageOf(error)).catch(() => {});
    }
  }

  private async launch(start: ClaimedStart): Promise<Launch> {
    const timeout = this.deps.settings.temporalTimeoutMs;
    // A request tried before may have started its run although its acknowledgement was lost.
    if (start.attempts > 1) {
      const run = await describeRun(this.deps, start.article.id, timeout);
      if (run?.memo?.[START_REQUEST_MEMO] === start.requestId) return { started: true, runId: run.runId };
    }
    // The start request's id tells the worker that opad started this run for this article (activities/stage-runner.ts).
    const input = {
      ...inputOf(start.article),
      startId: start.requestId,
      retry: this.deps.settings.stageRetry,
    };
    try {
      const handle = await callTemporal(this.deps, 'start', timeout, () =>
        this.deps.temporal.workflow.start('generateArticle', {
          taskQueue: this.deps.settings.taskQueue,
          workflowId: workflowIdOf(input.articleId),
          args: [input],
          memo: { [START_REQUEST_MEMO]: start.requestId },
          // A retry must never join the run it replaces while that run is still closing.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          workflowIdReusePolicy:
            start.kind === 'retry'
              ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
              : WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: SEARCH_ATTRIBUTES.OpadArticleId, value: input.articleId },
            { key: SEARCH_ATTRIBUTES.OpadOwner, value: input.owner },
            { key: SEARCH_ATTRIBUTES.OpadLanguage, value: input.language },
            { key: SEARCH_ATTRIBUTES.OpadLevel, value: input.level },
            { key: SEARCH_ATTRIBUTES.OpadStage, value: 'queued' },
          ],
        }),
      );
      this.deps.metrics.workflowsStarted.inc({ kind: start.kind });
      return { started: true, runId: handle.firstExecutionRunId };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      // A new article's workflow exists already (it started before, perhaps by another path): that is its run.
      if (start.kind === 'new') return { started: true };
      const run = await describeRun(this.deps, start.article.id, timeout);
      return run?.memo?.[START_REQUEST_MEMO] === start.requestId
        ? { started: true, runId: run.runId }
        : { started: false };
    }
  }

  /** The article was cancelled while its start was in flight: stop the run that slipped through. */
  private async cancelWithdrawn(start: ClaimedStart): Promise<void> {
    const row = await this.deps.db
      .selectFrom('articles')
      .select(['status', 'deleted_at'])
      .where('id', '=', start.article.id)
      .executeTakeFirst();
    if (row && row.status !== 'cancelled' && !row.deleted_at) return;
    await callTemporal(this.deps, 'cancel', this.deps.settings.temporalTimeoutMs, () =>
      this.deps.temporal.workflow.getHandle(workflowIdOf(start.article.id)).cancel(),
    ).catch((error) =>
      this.deps.logger.warn({ err: error, articleId: start.article.id }, 'starter: could not cancel'),
    );
  }

  private backoff(attempts: number): number {
    const exponential = 500 * 2 ** Math.min(attempts - 1, 16);
    const capped = Math.min(this.deps.settings.maxBackoffMs, exponential);
    return Math.round(capped * (0.8 + Math.random() * 0.4));
  }
}
