import type { GenerationProgress, StageError, StageProgress } from '../contracts/api-types';
import { describeWaiting } from '../contracts/waiting';
import { formatDuration, plural, truncate } from './format';
import { type Io, println } from './io';

export type ViewMode = 'tty' | 'plain' | 'json';

export interface ProgressView {
  update(progress: GenerationProgress): void;
  /** Leaves the last state on screen and stops any timer. */
  close(): void;
}

export const describeStageError = (error: StageError) => `${error.type}: ${error.message}`;

const SYMBOL: Record<StageProgress['status'], string> = {
  pending: '·',
  running: '●',
  completed: '✓',
  failed: '✗',
  cancelled: '⊘',
};

/** A running stage's time so far needs `now`; without it only finished stages show a duration. */
function stageDuration(stage: StageProgress, now: number | undefined): number | undefined {
  if (!stage.startedAt) return undefined;
  const end = stage.finishedAt ? Date.parse(stage.finishedAt) : stage.status === 'running' ? now : undefined;
  return end === undefined ? undefined : end - Date.parse(stage.startedAt);
}

/**
 * One stage as a line: name, status, attempts, duration and last error. A running stage shows the attempt it
 * is on; a finished one how many it took.
 */
export function stageLine(stage: StageProgress, options: { symbols: boolean; now?: number }): string {
  const cells = [stage.name.padEnd(8), stage.status.padEnd(9)];
  if (stage.status === 'running') cells.push(`attempt ${stage.attempts}`.padEnd(10));
  else if (stage.attempts > 0) cells.push(plural(stage.attempts, 'attempt').padEnd(10));
  const duration = stageDuration(stage, options.now);
  if (duration !== undefined) cells.push(formatDuration(duration).padEnd(9));
  if (stage.reused) cells.push('reused from storage');
  // The level check's passes: what each measured, and whether it sent the text back.
  if (stage.passes?.length)
    cells.push(
      stage.passes.map((p) => `pass ${p.pass}: ${p.level} (${p.score.toFixed(1)}) ${p.verdict}`).join(', '),
    );
  if (stage.waiting) cells.push(describeWaiting(stage.waiting, options.now ?? Date.now()));
  if (stage.lastError) cells.push(`last error: ${describeStageError(stage.lastError)}`);
  const line = cells.join('  ').trimEnd();
  return options.symbols ? `${SYMBOL[stage.status]} ${line}` : line;
}

export function progressLines(jobId: string, progress: GenerationProgress, now: number): string[] {
  return [
    `job ${jobId}  ${progress.status}  ${progress.percent}%`,
    ...progress.stages.map((stage) => `  ${stageLine(stage, { symbols: true, now })}`),
    `  ${progress.message}`,
  ];
}

/** Redraws the whole block in place, and ticks once a second so a running stage's time keeps moving. */
class TtyView implements ProgressView {
  private drawn = 0;
  private last?: GenerationProgress;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly io: Io,
    private readonly jobId: string,
  ) {
    this.ticker = setInterval(() => this.draw(), 1_000);
    this.ticker.unref();
  }

  update(progress: GenerationProgress): void {
    this.last = progress;
    this.draw();
  }

  private draw(): void {
    if (!this.last) return;
    // Lines cut to the terminal width never wrap, so moving up `drawn` lines lands on the block's start.
    const lines = progressLines(this.jobId, this.last, Date.now()).map((line) =>
      truncate(line, this.io.columns - 1),
    );
    const up = this.drawn > 0 ? `\x1b[${this.drawn}F` : '';
    this.io.out.write(`${up}\x1b[J${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  close(): void {
    clearInterval(this.ticker);
  }
}

/** For logs and pipes: a line when a stage changes status, attempt or error, never a redraw. */
class PlainView implements ProgressView {
  private readonly seen = new Map<string, string>();
  private lastStatus?: string;

  constructor(
    private readonly io: Io,
    private readonly jobId: string,
  ) {}

  update(progress: GenerationProgress): void {
    if (progress.status !== this.lastStatus && (progress.status === 'queued' || !this.lastStatus)) {
      println(this.io.out, `job ${this.jobId}: ${progress.status}, ${progress.message}`);
    }
    this.lastStatus = progress.status;
    for (const stage of progress.stages) {
      const key = JSON.stringify([stage.status, stage.attempts, stage.lastError]);
      if (stage.status === 'pending' || this.seen.get(stage.name) === key) continue;
      this.seen.set(stage.name, key);
      // A log line stays as written, so a running stage's time so far would be stale at once.
      println(this.io.out, stageLine(stage, { symbols: false }));
    }
  }

  close(): void {}
}

/** Newline-delimited JSON, one object per progress event, for scripts. */
class JsonView implements ProgressView {
  constructor(
    private readonly io: Io,
    private readonly jobId: string,
  ) {}

  update(progress: GenerationProgress): void {
    println(this.io.out, JSON.stringify({ type: 'progress', jobId: this.jobId, ...progress }));
  }

  close(): void {}
}

export function viewModeOf(io: Io, json: boolean | undefined): ViewMode {
  if (json) return 'json';
  return io.isTTY ? 'tty' : 'plain';
}

export function createView(mode: ViewMode, io: Io, jobId: string): ProgressView {
  if (mode === 'json') return new JsonView(io, jobId);
  return mode === 'tty' ? new TtyView(io, jobId) : new PlainView(io, jobId);
}
