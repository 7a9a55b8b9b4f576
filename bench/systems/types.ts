import type { ArticleRequest } from '../../workflows/input';
import type { StageName } from '../../workflows/types';
import type { CpuGroups } from '../cpu';

export type SystemName = 'opad' | 'redis-queue' | 'bullmq-flow';

/** When a stage's work began and ended at the worker, in epoch milliseconds. */
export interface StageTimes {
  stage: StageName;
  start: number;
  end: number;
}

/** One LLM reply a system recorded for an article. */
export interface RecordedReply {
  /** When the call that got it was made, in epoch milliseconds. */
  at: number;
  /** The operation, as the LLM front records it: a level revision is an 'adapt' call. */
  operation: string;
  /** The stage that made the call. */
  stage: StageName;
  /** Which of the article's calls it answers; a repeat of a call (a retry, a re-run) has the same name. */
  call: string;
}

/** One HTTP client of the system's API; opad's are signed-in users, the baselines take anyone. */
export interface JobClient {
  /** POST /articles; resolves with the job id once the API has accepted the article. */
  submit(request: ArticleRequest): Promise<string>;
  /** GET /jobs/:jobId, the system's progress read. */
  progress(jobId: string): Promise<unknown>;
}

/** A running system under test: its API, its workers, and what the measurements need to see into it. */
export interface Deployment {
  readonly name: SystemName;
  readonly workers: number;
  clients(count: number): Promise<JobClient[]>;
  /** Resolves true once the article is complete, false when `timeoutMs` passes first. */
  waitDone(jobId: string, timeoutMs?: number): Promise<boolean>;
  stageTimes(jobId: string): Promise<StageTimes[]>;
  /** Every LLM reply per article, from a source that knows which article and stage made the call. */
  completedCalls(jobIds: string[]): Promise<Map<string, RecordedReply[]>>;
  cpuGroups(): CpuGroups;
  killWorker(index: number): Promise<void>;
  startWorker(index: number): Promise<void>;
  stop(): Promise<void>;
}

export interface DeploymentOptions {
  workers: number;
  slots: number;
}

export interface SystemUnderTest {
  readonly name: SystemName;
  deploy(options: DeploymentOptions): Promise<Deployment>;
}

/** Topics differ per request, as real ones do; the same topic twice within 24 h would be a 409 in opad. */
let topics = 0;
export function nextRequest(): ArticleRequest {
  return { language: 'en', level: 'B1', length: 300, topic: `renewable energy ${++topics}-${Date.now()}` };
}
