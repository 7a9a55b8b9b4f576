import type { WorkflowExecutionDescription } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { recordArticleOutcome } from '../../db/queries/articles';
import { requestStart } from '../../db/queries/start-requests';
import type { GenerationProgress, StageError } from '../../workflows/types';
import { failedRunProgress, isFinal } from './job-progress';
import {
  callTemporal,
  describeRun,
  queryProgress,
  type TemporalAccess,
  workflowIdOf,
} from './temporal-calls';

export interface ReconcilerSettings {
  intervalMs: number;
  /** Rows written more recently than this are left to the paths that are writing them. */
  graceMs: number;
  temporalTimeoutMs: number;
}

export interface ReconcilerDeps extends TemporalAccess {
  db: Db;
  settings: ReconcilerSettings;
}

/** Any constant shared by all API processes: the one that holds it reconciles, the others skip the pass. */
const RECONCILER_LOCK = 0x0_7ad_5eed;
const REPAIR_CONCURRENCY = 4;

type Orphan = { id: string };

/**
 * Repairs `queued` and `running` articles whose workflow is not running: it requests the start of what never
 * started, and records the real outcome of what closed without recording one. One API process acts at a time.
 */
export class Reconciler {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<unknown>;
  private stopped = false;

  constructor(private readonly deps: ReconcilerDeps) {}

  run(): void {
    const tick = async () => {
      this.pass = this.reconcile().catch((error) =>
        this.deps.logger.warn({ err: error }, 'reconciler: pass failed; trying again next period'),
      );
      await this.pass;
      if (!this.stopped) this.timer = setTimeout(tick, this.deps.settings.intervalMs);
    };
    this.timer = setTimeout(tick, this.deps.settings.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass; it does nothing while another process holds the reconciler's lock. */
  private reconcile(): Promise<void> {
    return this.deps.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        held: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${RECONCILER_LOCK}) AS held`.execute(trx);
      if (!rows[0]?.held) return;
      const orphans = await this.suspects();
      if (orphans.length === 0) return;
      const running = await this.runningWorkflowIds();
      const queue = orphans.filter((row) => !running.has(workflowIdOf(row.id)));
      const worker = async () => {
        for (let row = queue.shift(); row; row = queue.shift()) await this.repair(row);
      };
      await Promise.all(Array.from({ length: REPAIR_CONCURRENCY }, worker));
    });
  }

  /** Unfinished rows, quiet for a moment, with no start pending: either running fine, or stuck. */
  private suspects(): Promise<Orphan[]> {
    return this.deps.db
      .selectFrom('articles')
      .select('id')
      .where('status', 'in', ['queued', 'running'])
      .where(
        'updated_at',
        '<',
        sql<Date>`now() - make_interval(secs => ${this.deps.settings.graceMs / 1000})`,
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('start_requests').select('article_id').whereRef('article_id', '=', 'articles.id'),
          ),
        ),
      )
      .execute();
  }

  private async runningWorkflowIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    await callTemporal(this.deps, 'list', this.deps.settings.temporalTimeoutMs * 4, async () => {
      const runs = this.deps.temporal.workflow.list({
        query: `WorkflowType = 'generateArticle' AND ExecutionStatus = 'Running'`,
      });
      for await (const run of runs) ids.add(run.workflowId);
    });
    return ids;
  }

  private async repair(row: Orphan): Promise<void> {
    const { logger, settings } = this.deps;
    try {
      const run = await describeRun(this.deps, row.id, settings.temporalTimeoutMs);
      if (!run) {
        await requestStart(this.deps.db, row.id);
        logger.info(
          { articleId: row.id },
          'reconciler: the generation never started; its start is requested',
        );
        return;
      }
      if (run.status.name === 'RUNNING' || run.status.name === 'CONTINUED_AS_NEW') return;
      const outcome = await this.outcomeOf(row.id, run);
      if (!outcome || !(await recordArticleOutcome(this.deps.db, outcome, { onlyIfUnfinished: true })))
        return;
      logger.info(
        { articleId: row.id, runStatus: run.status.name, status: outcome.status },
        'reconciler: recorded the outcome of a run that closed without recording it',
      );
    } catch (error) {
      logger.warn({ err: error, articleId: row.id }, 'reconciler: could not check the generation');
    }
  }

  /** The final progress of a closed run; undefined when it cannot be known yet (no worker to answer). */
  private async outcomeOf(
    articleId: string,
    run: WorkflowExecutionDescription,
  ): Promise<GenerationProgress | undefined> {
    const last = await queryProgress(
      this.deps,
      articleId,
      this.deps.settings.temporalTimeoutMs,
      run.runId,
    ).catch(() => undefined);
    if (run.status.name === 'TERMINATED' || run.status.name === 'TIMED_OUT') {
      const error = await this.closeReason(run);
      return failedRunProgress(last ?? emptyProgress(articleId), error, run.closeTime ?? new Date());
    }
    return last && isFinal(last) ? last : undefined;
  }

  private async closeReason(run: WorkflowExecutionDescription): Promise<StageError> {
    if (run.status.name === 'TIMED_OUT') {
      return { type: 'TimedOut', message: 'The generation ran past its time limit', nonRetryable: true };
    }
    const reason = await callTemporal(this.deps, 'history', this.deps.settings.temporalTimeoutMs, () =>
      this.deps.temporal.workflowService.getWorkflowExecutionHistory({
        namespace: this.deps.temporal.options.namespace,
        execution: { workflowId: run.workflowId, runId: run.runId },
        historyEventFilterType:
          proto.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
      }),
    )
      .then((history) => history.history?.events?.[0]?.workflowExecutionTerminatedEventAttributes?.reason)
      .catch((error) => {
        // The learner reads this reason: the error, which may name internal addresses, goes to the log.
        this.deps.logger.warn(
          { err: error, workflowId: run.workflowId },
          'reconciler: no termination reason',
        );
        return undefined;
      });
    return {
      type: 'Terminated',
      message: `Terminated by an operator${reason ? `: ${reason}` : ''}`,
      nonRetryable: true,
    };
  }
}

const emptyProgress = (articleId: string): GenerationProgress => ({
  articleId,
  version: 0,
  status: 'running',
  stage: null,
  percent: 0,
  stages: [],
  message: '',
});
