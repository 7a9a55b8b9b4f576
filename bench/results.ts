import type { MachineDetails } from './machine';
import type { AcceptRun } from './measure/accept';
import type { CrashRun } from './measure/crash';
import type { OverheadRun } from './measure/overhead';
import type { ProgressRun } from './measure/progress';
import type { ThroughputRun } from './measure/throughput';
import type { SystemName } from './systems/types';

export interface SystemResults {
  accept?: AcceptRun;
  overhead?: OverheadRun[];
  throughput?: ThroughputRun[];
  progress?: ProgressRun;
  crash?: CrashRun;
}

/** Everything one run measured; each figure is also written on its own as bench/results/<figure>.json. */
export interface BenchResults {
  machine: MachineDetails;
  command: string;
  quick: boolean;
  settings: unknown;
  durationSeconds: number;
  /** CPU busy before the servers started, in % of one core: load from outside the run. */
  busyBeforePercent: number;
  systems: Partial<Record<SystemName, SystemResults>>;
}

export const FIGURES = ['accept', 'overhead', 'throughput', 'progress', 'crash'] as const;
export type Figure = (typeof FIGURES)[number];
