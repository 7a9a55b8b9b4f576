import type { CefrLevel } from '../contracts/article-request';

/** Contracts between the workflow and its activities. Pure types: safe to import from workflow code. */
export const STAGES = ['research', 'draft', 'adapt', 'level', 'questions', 'narration', 'upload'] as const;
export type StageName = (typeof STAGES)[number];
/** The stages of generations started before the patch `narration`. */
export const STAGES_BEFORE_NARRATION = [
  'research',
  'draft',
  'adapt',
  'level',
  'questions',
  'upload',
] as const satisfies readonly StageName[];
/** The stages that may fail without failing the article: it is published without what they make. */
export type OptionalStage = 'questions' | 'narration';
/** The stages of generations started before the patch `comprehension-questions`. */
export const STAGES_BEFORE_QUESTIONS = [
  'research',
  'draft',
  'adapt',
  'level',
  'upload',
] as const satisfies readonly StageName[];
/** The stages of generations started before the level check (patch `level-check`), and of the bench's pipelines. */
export const STAGES_BEFORE_LEVEL_CHECK = [
  'research',
  'draft',
  'adapt',
  'upload',
] as const satisfies readonly StageName[];

/** How many times the level check may send the text back to be revised (the bench's baselines do the same). */
export const MAX_REVISIONS = 2;

/**
 * `report-only`: the language's check is not trusted (it missed its targets on held-out texts levelled by
 * others, or has none; decision 025), so the level is an estimate and the text is never sent back.
 */
export const LEVEL_VERDICTS = ['at-level', 'too-hard', 'too-easy', 'report-only'] as const;
export type LevelVerdict = (typeof LEVEL_VERDICTS)[number];

/** One run of the level check: what it measured, and whether the text went back to be simplified. */
export interface LevelPass {
  pass: number;
  level: CefrLevel;
  score: number;
  verdict: LevelVerdict;
}

export interface TokenUsage {
  prompt: number;
  completion: number;
}

/** What a stage returns to the workflow: blob keys and small metadata, never article text. */
export interface StageResult {
  stage: StageName;
  keys: Record<string, string>;
  tokens: TokenUsage;
  model?: string;
  /** true when the output was found in storage and no LLM was called. */
  reused: boolean;
  title?: string;
  wordCount?: number;
  /** Set by the level check. */
  levelPass?: LevelPass;
}

export type GenerationStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type StageStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface StageError {
  type: string;
  message: string;
  nonRetryable?: boolean;
}

/** What a stage depends on that can be down for a while; its outages are waited out, not failed. */
export const DEPENDENCIES = ['llm', 'news', 'storage', 'database'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];
export const DEPENDENCY_LABELS: Record<Dependency, string> = {
  llm: 'the LLM provider',
  news: 'the news search',
  storage: 'the article storage',
  database: 'the database',
};

/** A stage waiting out an outage: Temporal retries it on its own, and this says when. */
export interface StageWaiting {
  dependency: Dependency;
  /** When the first failed attempt of this outage was reported. */
  since: string;
  /** The attempt that failed last. */
  attempt: number;
  /** When Temporal starts the next attempt, or, waiting for capacity, when the call may go ahead. */
  nextAttemptAt: string;
  /** Set when the dependency is up but the shared LLM rate limit is used up for the moment. */
  capacity?: true;
}

export interface StageProgress {
  name: StageName;
  status: StageStatus;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  lastError?: StageError;
  /** Set while the stage waits out an outage of a dependency. */
  waiting?: StageWaiting;
  /** Failed attempts that were not outages (a reply that cannot be read, a bug): 10 end the stage. */
  otherFailures?: number;
  tokens: TokenUsage;
  reused?: boolean;
  /** The level check's runs, in order (the level stage only). */
  passes?: LevelPass[];
}

export interface GenerationProgress {
  articleId: string;
  /** Grows with every change; SSE uses it as the event ID, so a reconnecting client knows what it has seen. */
  version: number;
  status: GenerationStatus;
  stage: StageName | null;
  percent: number;
  stages: StageProgress[];
  message: string;
  error?: StageError & { stage?: StageName };
  result?: GenerationSummary;
}

export interface GenerationSummary {
  articleId: string;
  keys: Record<string, string>;
  title?: string;
  wordCount?: number;
  tokens: TokenUsage;
}

/** Sent by a stage activity so the `progress` query shows retries while they happen. */
export interface StageAttemptReport {
  stage: StageName;
  attempt: number;
  /** Set when this attempt failed. */
  error?: StageError;
  /** A wait for the shared LLM rate limit began (until about then), or ended (null). */
  capacityWaitUntil?: string | null;
  /** Set when it failed because a dependency is down, so the stage will be retried. */
  outage?: {
    dependency: Dependency;
    /** The delay the dependency asked for (Retry-After), when it asked for one. */
    retryAfterMs?: number;
  };
}
