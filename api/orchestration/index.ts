import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../../config/env';
import type { Db } from '../../db/connect';
import type { ApiMetrics } from '../metrics';
import { ChangeHints } from './change-hints';
import { ProgressHub } from './progress-hub';
import { Reconciler } from './reconciler';
import { Starter } from './starter';

export { ProgressHub } from './progress-hub';
export { Starter } from './starter';

export interface Orchestration {
  starter: Starter;
  progress: ProgressHub;
  close(): Promise<void>;
}

export interface OrchestrationDeps {
  config: Pick<Config, 'api' | 'temporal'>;
  db: Db;
  databaseUrl: string;
  temporal: Client;
  metrics: ApiMetrics;
  logger: Logger;
}

/**
 * The API's side of the boundary with Temporal, one of each per API process: the starter of committed
 * generations, the shared progress readers fed by change hints, and the reconciler.
 */
export async function startOrchestration(deps: OrchestrationDeps): Promise<Orchestration> {
  const { api, temporal } = deps.config;
  const access = { temporal: deps.temporal, metrics: deps.metrics, logger: deps.logger };
  const starter = new Starter({
    ...access,
    db: deps.db,
    settings: {
      taskQueue: temporal.taskQueue,
      stageRetry: temporal.stageRetry,
      temporalTimeoutMs: api.temporalTimeoutMs,
      maxBackoffMs: api.startRetryMaxMs,
      pollMs: 1_000,
      concurrency: 16,
    },
  });
  const progress = new ProgressHub({
    ...access,
    db: deps.db,
    settings: {
      temporalTimeoutMs: api.temporalTimeoutMs,
      refreshMs: api.progressRefreshMs,
      settleMs: 250,
      lingerMs: 30_000,
    },
  });
  const reconciler = new Reconciler({
    ...access,
    db: deps.db,
    settings: {
      intervalMs: api.reconcileIntervalMs,
      graceMs: Math.min(5_000, api.reconcileIntervalMs),
      temporalTimeoutMs: api.temporalTimeoutMs,
    },
  });
  const hints = new ChangeHints(
    deps.databaseUrl,
    deps.logger,
    (articleId) => {
      deps.metrics.changeHints.inc();
      progress.hint(articleId);
    },
    () => progress.resync(),
  );
  await hints.listen();
  starter.run();
  reconciler.run();
  return {
    starter,
    progress,
    close: async () => {
      await Promise.all([starter.stop(), reconciler.stop(), hints.close()]);
      progress.close();
    },
  };
}
