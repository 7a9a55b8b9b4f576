import { backoffMs } from './stage-retry';
import type {
  Dependency,
  GenerationProgress,
  GenerationSummary,
  LevelPass,
  OptionalStage,
  StageAttemptReport,
  StageError,
  StageName,
  StageProgress,
  StageResult,
} from './types';
import { DEPENDENCY_LABELS, STAGES } from './types';

/** Share of the work each stage stands for, in percent. */
const STAGE_WEIGHT: Record<StageName, number> = {
  research: 28,
  draft: 32,
  adapt: 22,
  level: 2,
  questions: 10,
  narration: 3,
  upload: 3,
};

const RUNNING_MESSAGE: Record<StageName, (topic: string, level: string) => string> = {
  research: (topic) => `Looking for recent news about "${topic}"`,
  draft: (_topic, level) => `Writing the ${level} version`,
  adapt: (_topic, level) => `Reviewing the text for ${level} and simplifying what is too hard`,
  level: (_topic, level) => `Measuring the level of the text against ${level}`,
  questions: () => 'Writing questions that check understanding',
  narration: () => 'Recording the narration',
  upload: () => 'Publishing the article',
};

const SKIPPED_MESSAGE: Record<OptionalStage, string> = {
  questions: 'No questions for this article; publishing it without them',
  narration: 'No narration for this article; publishing it without audio',
};

/** The state behind the `progress` query. Pure: the workflow feeds it events and the times it reads. */
export class ProgressTracker {
  private readonly state: GenerationProgress;

  constructor(
    articleId: string,
    private readonly topic: string,
    private readonly level: string,
    /** The longest pause between attempts, to tell when the next one starts. */
    private readonly maxIntervalMs: number,
    stages: readonly StageName[] = STAGES,
  ) {
    this.state = {
      articleId,
      version: 1,
      status: 'queued',
      stage: null,
      percent: 0,
      message: 'Waiting for a worker',
      stages: stages.map((name) => ({
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

  /**
   * A report from the activity itself: a retry began, or an attempt failed. A failure caused by an outage
   * marks the stage as waiting until it completes; any other failure ends the waiting.
   */
  recordAttempt(report: StageAttemptReport, at: Date): void {
    const stage = this.stage(report.stage);
    // A report can arrive after its stage ended (the generation failed or was cancelled meanwhile): too late.
    if (stage.status !== 'running') return;
    this.state.version++;
    stage.attempts = Math.max(stage.attempts, report.attempt);
    if (report.capacityWaitUntil !== undefined) {
      this.recordCapacityWait(report, at);
      return;
    }
    if (!report.error) return;
    stage.lastError = report.error;
    if (!report.outage) {
      stage.otherFailures = (stage.otherFailures ?? 0) + 1;
      if (stage.waiting && this.state.stage === report.stage)
        this.state.message = RUNNING_MESSAGE[report.stage](this.topic, this.level);
      delete stage.waiting;
      return;
    }
    const pause = report.outage.retryAfterMs ?? backoffMs(report.attempt, this.maxIntervalMs);
    stage.waiting = {
      dependency: report.outage.dependency,
      since: stage.waiting?.since ?? at.toISOString(),
      attempt: report.attempt,
      nextAttemptAt: new Date(at.getTime() + pause).toISOString(),
    };
    if (this.state.stage === report.stage)
      this.state.message = `Waiting for ${DEPENDENCY_LABELS[report.outage.dependency]} to come back; opad tries again on its own`;
  }

  /** The shared LLM rate limit holds the stage's call back, or has let it go. */
  private recordCapacityWait(report: StageAttemptReport, at: Date): void {
    const stage = this.stage(report.stage);
    const current = this.state.stage === report.stage;
    if (report.capacityWaitUntil) {
      stage.waiting = {
        dependency: 'llm',
        since: at.toISOString(),
        attempt: report.attempt,
        nextAttemptAt: report.capacityWaitUntil,
        capacity: true,
      };
      if (current)
        this.state.message = 'Waiting for LLM capacity: the shared rate limit is used up for the moment';
      return;
    }
    if (!stage.waiting?.capacity) return;
    delete stage.waiting;
    if (current) this.state.message = RUNNING_MESSAGE[report.stage](this.topic, this.level);
  }

  /** A run of the level check; one that found the text too hard sends it back to be simplified. */
  recordLevelPass(pass: LevelPass, willRevise: boolean): void {
    this.state.version++;
    const stage = this.stage('level');
    stage.passes = [...(stage.passes ?? []), pass];
    const measured = `Pass ${pass.pass}: measured ${pass.level} (${pass.score.toFixed(1)}) for ${this.level}`;
    this.state.message = willRevise
      ? `${measured}; simplifying the words and sentences above the level`
      : measured;
  }

  /** A stage the generation can do without failed: it is marked failed, and the generation goes on. */
  skip(name: OptionalStage, error: StageError, at: Date): void {
    this.state.version++;
    const stage = this.stage(name);
    Object.assign(stage, { status: 'failed', finishedAt: at.toISOString(), lastError: error });
    delete stage.waiting;
    this.state.message = `${SKIPPED_MESSAGE[name]} (${error.message})`;
  }

  /** The last error the current stage reported, if any. */
  currentStageError(): StageError | undefined {
    return this.state.stage ? this.stage(this.state.stage).lastError : undefined;
  }

  /** The dependency the current stage waits for, if it waits. */
  waitingOn(): Dependency | undefined {
    return this.state.stage ? this.stage(this.state.stage).waiting?.dependency : undefined;
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
    delete stage.waiting;
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
    if (name) {
      Object.assign(this.stage(name), { status: 'failed', finishedAt: at.toISOString(), lastError: error });
      delete this.stage(name).waiting;
    }
    this.state.status = 'failed';
    this.state.error = { ...error, stage: name ?? undefined };
    this.state.message = `Failed${name ? ` while ${name === 'upload' ? 'publishing' : `at ${name}`}` : ''}: ${error.message}`;
  }

  cancel(at: Date): void {
    this.state.version++;
    const name = this.state.stage;
    if (name) {
      Object.assign(this.stage(name), { status: 'cancelled', finishedAt: at.toISOString() });
      delete this.stage(name).waiting;
    }
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
