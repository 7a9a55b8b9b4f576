import type {
  GenerationProgress,
  GenerationSummary,
  StageAttemptReport,
  StageError,
  StageName,
  StageProgress,
  StageResult,
} from './types';
import { STAGES } from './types';

/** Share of the work each stage stands for, in percent. */
const STAGE_WEIGHT: Record<StageName, number> = { research: 30, draft: 35, adapt: 25, upload: 10 };

const RUNNING_MESSAGE: Record<StageName, (topic: string, level: string) => string> = {
  research: (topic) => `Looking for recent news about "${topic}"`,
  draft: (_topic, level) => `Writing the ${level} version`,
  adapt: (_topic, level) => `Reviewing the text for ${level} and simplifying what is too hard`,
  upload: () => 'Publishing the article',
};

/** The state behind the `progress` query. Pure: the workflow feeds it events and the times it reads. */
export class ProgressTracker {
  private readonly state: GenerationProgress;

  constructor(
    articleId: string,
    private readonly topic: string,
    private readonly level: string,
  ) {
    this.state = {
      articleId,
      version: 1,
      status: 'queued',
      stage: null,
      percent: 0,
      message: 'Waiting for a worker',
      stages: STAGES.map((name) => ({
        name,
        status: 'pending',
        attempts: 0,
        tokens: { prompt: 0, completion: 0 },
      })),
    };
  }

  /** A copy; the workflow sandbox has no structuredClone, and the state is plain JSON anyway. */
  snapshot(): GenerationProgress {
    return JSON.parse(JSON.stringify(this.state)) as GenerationProgress;
  }

  private stage(name: StageName): StageProgress {
    return this.state.stages.find((stage) => stage.name === name) as StageProgress;
  }

  start(name: StageName, at: Date): void {
    this.state.version++;
    const stage = this.stage(name);
    Object.assign(stage, {
      status: 'running',
      attempts: Math.max(stage.attempts, 1),
      startedAt: at.toISOString(),
    });
    this.state.status = 'running';
    this.state.stage = name;
    this.state.message = RUNNING_MESSAGE[name](this.topic, this.level);
  }

  /** A report from the activity itself: a retry began, or an attempt failed. */
  recordAttempt(report: StageAttemptReport): void {
    this.state.version++;
    const stage = this.stage(report.stage);
    stage.attempts = Math.max(stage.attempts, report.attempt);
    if (report.error) stage.lastError = report.error;
  }

  complete(result: StageResult, at: Date): void {
    this.state.version++;
    const stage = this.stage(result.stage);
    Object.assign(stage, {
      status: 'completed',
      finishedAt: at.toISOString(),
      tokens: result.tokens,
      reused: result.reused,
    });
    this.state.percent = this.state.stages
      .filter((s) => s.status === 'completed')
      .reduce((sum, s) => sum + STAGE_WEIGHT[s.name], 0);
  }

  finish(summary: GenerationSummary): void {
    this.state.version++;
    Object.assign(this.state, {
      status: 'completed',
      stage: null,
      percent: 100,
      result: summary,
      message: summary.title ? `Ready: ${summary.title}` : 'Ready',
    });
  }

  fail(error: StageError, at: Date): void {
    this.state.version++;
    const name = this.state.stage;
    if (name)
      Object.assign(this.stage(name), { status: 'failed', finishedAt: at.toISOString(), lastError: error });
    this.state.status = 'failed';
    this.state.error = { ...error, stage: name ?? undefined };
    this.state.message = `Failed${name ? ` while ${name === 'upload' ? 'publishing' : `at ${name}`}` : ''}: ${error.message}`;
  }

  cancel(at: Date): void {
    this.state.version++;
    const name = this.state.stage;
    if (name) Object.assign(this.stage(name), { status: 'cancelled', finishedAt: at.toISOString() });
    this.state.status = 'cancelled';
    this.state.message = 'Cancelled';
  }

  totalTokens(): { prompt: number; completion: number } {
    return this.state.stages.reduce(
      (sum, s) => ({
        prompt: sum.prompt + s.tokens.prompt,
        completion: sum.completion + s.tokens.completion,
      }),
      { prompt: 0, completion: 0 },
    );
  }
}
