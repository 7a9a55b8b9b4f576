import type { ManagedProcess } from './managed-process';
import { startTemporalDevServer } from './temporal-dev-server';
import { startTemporalServer } from './temporal-server';

/** Either Temporal opad runs itself: the CLI's dev server (the default) or the real server on PostgreSQL. */
export interface RunningTemporal {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** The real server's Prometheus endpoint; the dev server's is not published. */
  metricsUrl?: string;
  process?: ManagedProcess;
  stop(): Promise<void>;
}

export interface StartTemporalOptions {
  mode: 'dev' | 'server';
  dataDir: string;
  /** Needed by the real server, which keeps its databases there. */
  postgresUrl?: string;
  historyShards?: number;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
}

export function startTemporal(options: StartTemporalOptions): Promise<RunningTemporal> {
  const { mode, postgresUrl, historyShards, ...common } = options;
  if (mode === 'dev') return startTemporalDevServer(common);
  if (!postgresUrl) throw new Error('The Temporal server needs a PostgreSQL server for its databases.');
  return startTemporalServer({ ...common, postgresUrl, shards: historyShards });
}
