import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/connect';
import { findJobState } from '../../db/queries/articles';
import type { GenerationProgress } from '../../workflows/types';
import { isFinal, progressFromState, startPending, storedFinal, withBase } from './job-progress';
import { queryProgress, type TemporalAccess } from './temporal-calls';

export interface ProgressHubSettings {
  temporalTimeoutMs: number;
  /** A watched job is read again after this long without a hint. */
  refreshMs: number;
  /** After a hint, one more read this much later: the workflow may apply the change a moment after the hint. */
  settleMs: number;
  /** A job read only by GET /jobs keeps its reader this long after the last GET. */
  lingerMs: number;
}

export interface ProgressHubDeps extends TemporalAccess {
  db: Db;
  settings: ProgressHubSettings;
}

/** How long a reader waits for a finished run's outcome to be stored before it reports the run's own word. */
const OUTCOME_WAIT_MS = 100;
const OUTCOME_WAITS = 30;

export type ProgressListener = (progress: GenerationProgress) => void;

/**
 * One reader per watched job in this process. It reads on a change hint, once more shortly after, and on its
 * own now and then, and every SSE client and GET /jobs of the job is served from its last read. So the
 * Temporal queries for a job do not grow with the number of people watching it.
 */
export class ProgressHub {
  private readonly readers = new Map<string, JobReader>();

  constructor(private readonly deps: ProgressHubDeps) {}

  hint(articleId: string): void {
    this.readers.get(articleId)?.hint();
  }

  /** Hints may have been lost: read every watched job again. */
  resync(): void {
    for (const reader of this.readers.values()) reader.hint();
  }

  /** The job's latest progress, from the shared reader (read now if this is its first watcher). */
  current(articleId: string): Promise<GenerationProgress> {
    return this.reader(articleId).latest();
  }

  /** Calls `listener` with the latest progress and then with every new read, until the returned function. */
  subscribe(articleId: string, listener: ProgressListener): () => void {
    return this.reader(articleId).subscribe(listener);
  }

  close(): void {
    for (const reader of this.readers.values()) reader.dispose();
  }

  private reader(articleId: string): JobReader {
    let reader = this.readers.get(articleId);
    if (!reader) {
      reader = new JobReader(articleId, this.deps, () => this.readers.delete(articleId));
      this.readers.set(articleId, reader);
    }
    return reader;
  }
}

class JobReader {
  private snapshot?: GenerationProgress;
  private readonly listeners = new Set<ProgressListener>();
  private reading?: Promise<void>;
  private readAgain = false;
  private settleTimer?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private lingerUntil = 0;
  private done = false;
  private lastError?: unknown;
  private outcomeWaits = 0;

  constructor(
    private readonly articleId: string,
    private readonly deps: ProgressHubDeps,
    private readonly onDispose: () => void,
  ) {}

  async latest(): Promise<GenerationProgress> {
    this.lingerUntil = Date.now() + this.deps.settings.lingerMs;
    if (!this.snapshot) await this.read();
    if (!this.snapshot) throw this.lastError ?? new Error(`job of article ${this.articleId} not found`);
    return this.snapshot;
  }

  subscribe(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    if (this.snapshot) listener(this.snapshot);
    else void this.read();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.lingerUntil = Date.now() + this.deps.settings.lingerMs;
    };
  }

  hint(): void {
    void this.read();
    this.settleTimer ??= setTimeout(() => {
      this.settleTimer = undefined;
      void this.read();
    }, this.deps.settings.settleMs);
  }

  dispose(): void {
    this.done = true;
    clearTimeout(this.settleTimer);
    clearTimeout(this.refreshTimer);
    this.onDispose();
  }

  /** Concurrent reads share one; a hint during a read causes exactly one more after it. */
  private read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        await this.readOnce().catch((error) => {
          this.lastError = error;
          this.deps.logger.warn({ err: error, articleId: this.articleId }, 'progress: read failed');
        });
      } while (this.readAgain && !this.done);
    })().finally(() => {
      this.reading = undefined;
      this.scheduleRefresh();
    });
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    const state = await findJobState(this.deps.db, this.articleId);
    if (!state) {
      this.dispose();
      return;
    }
    let progress: GenerationProgress;
    if (storedFinal(state) || startPending(state)) progress = progressFromState(state);
    else {
      try {
        const live = await queryProgress(this.deps, this.articleId, this.deps.settings.temporalTimeoutMs);
        if (isFinal(live) && this.outcomeWaits++ < OUTCOME_WAITS) {
          // The run has ended and is storing its outcome: the job ends with the stored state, so a retry
          // pressed on seeing it is accepted. The row's change hint follows within moments.
          await sleep(OUTCOME_WAIT_MS);
          this.readAgain = true;
          return;
        }
        progress = withBase(live, state.progress_base);
      } catch (error) {
        this.deps.logger.debug({ err: error, articleId: this.articleId }, 'progress: answering from the row');
        progress = progressFromState(state);
      }
    }
    this.publish(progress);
    if (isFinal(progress)) this.dispose();
  }

  private publish(progress: GenerationProgress): void {
    this.snapshot = progress;
    for (const listener of this.listeners) listener(progress);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    if (this.done) return;
    if (this.listeners.size === 0 && Date.now() >= this.lingerUntil) {
      this.dispose();
      return;
    }
    this.refreshTimer = setTimeout(() => void this.read(), this.deps.settings.refreshMs);
  }
}
