import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ArticleLevel, ArticleStatus, DictionaryEntry } from '../contracts/api-types';
import type { GenerationProgress } from '../workflows/types';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type { ArticleStatus };

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  created_at: CreatedAt;
  last_login: Date | null;
  /** This learner's daily spend limit in USD; null: API_BUDGET_DAILY_USD. numeric comes back as a string. */
  daily_budget_usd: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  /** This learner's daily generation limit; null: API_BUDGET_DAILY_GENERATIONS. */
  daily_generations: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_used_at: Date | null;
}

export interface ArticlesTable {
  id: string;
  owner: string;
  language: string;
  level: string;
  length: number;
  topic: string;
  status: ArticleStatus;
  stage: string | null;
  workflow_id: string;
  title: string | null;
  source_outlet: string | null;
  source_url: string | null;
  source_date: string | null;
  source_author: string | null;
  blob_keys: Json<Record<string, string>>;
  error: NullableJson<{ type: string; message: string; stage?: string }>;
  timings: Json<Record<string, { startedAt?: string; finishedAt?: string }>>;
  /** The final `progress` snapshot, so a closed job still answers after its history is gone. */
  progress: NullableJson<GenerationProgress>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  deleted_at: Date | null;
  /** The learner's saved lemmas that the final text uses. */
  vocabulary_used: Json<string[]>;
  measured_level: string | null;
  level_score: number | null;
  level_report: NullableJson<ArticleLevel>;
  /** Added to each run's progress versions, so a job's event IDs keep growing across its retries. */
  progress_base: Generated<number>;
  /** The start request this article waits for: a run whose input names another is stale or forged. */
  start_id: string | null;
  /** The run that last worked on the article; only it records the generation's outcome. */
  run_id: string | null;
}

export type StartKind = 'new' | 'retry';

/** A workflow start that is committed but not yet acknowledged by Temporal (the outbox of the accept path). */
export interface StartRequestsTable {
  article_id: string;
  /** Sent to Temporal as the run's memo, so a start repeated after a lost acknowledgement is recognised. */
  id: Generated<string>;
  kind: StartKind;
  /** Claimed by a starter until then; after a failed try, when the next one is due. */
  next_attempt_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
}

/** A generation a learner started: a new article or a retry. */
export interface GenerationStartsTable {
  owner: string;
  article_id: string;
  kind: StartKind;
  created_at: CreatedAt;
}

export interface VocabularyTable {
  id: Generated<string>;
  owner: string;
  article_id: string | null;
  language: string;
  word: string;
  lemma: string;
  definition: string;
  sentence: string | null;
  pos: string | null;
  gender: string | null;
  phonetics: string | null;
  forms: Json<Record<string, unknown>>;
  examples: Json<string[]>;
  level: string | null;
  created_at: CreatedAt;
  /** When this entry is next due for review; a new entry is due at once. */
  review_due: Timestamp;
  /** The FSRS card after the last grade; null before the first review. */
  review_card: NullableJson<ReviewCard>;
  reviewed_at: Date | null;
  /** Stories the learner read that used this word: an exposure, kept apart from the FSRS card's grades. */
  seen_in_stories: Generated<number>;
  seen_in_story_at: Date | null;
}

/** An FSRS card as stored: ts-fsrs's Card with its dates as ISO strings. */
export interface ReviewCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
}

export interface SubscriptionsTable {
  id: Generated<string>;
  owner: string;
  language: string;
  level: string;
  length: number;
  /** Rotated one a day; empty with `surprise`. */
  topics: Json<string[]>;
  surprise: Generated<boolean>;
  /** `HH:MM`, in `time_zone`. */
  time_of_day: string;
  /** IANA name, e.g. Europe/Berlin. */
  time_zone: string;
  paused: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SubscriptionRunsTable {
  subscription_id: string;
  /** The subscriber's local day of the firing; written as `YYYY-MM-DD`, read back by pg as a Date at 00:00 local. */
  local_date: ColumnType<Date, string, string>;
  owner: string;
  article_id: string;
  created_at: CreatedAt;
}

export interface ArticleReadsTable {
  owner: string;
  article_id: string;
  /** The reader's local day, written as `YYYY-MM-DD` (pg reads a date back as a Date). */
  read_on: ColumnType<Date, string, string>;
  read_at: CreatedAt;
}

export interface LlmUsageTable {
  id: Generated<string>;
  owner: string;
  article_id: string | null;
  operation: string;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  /** numeric comes back from pg as a string, to keep its precision; null when the model has no price. */
  cost_usd: ColumnType<string | null, number | string | null, number | string | null>;
  attempt: Generated<number>;
  /** `{runId}/{activityId}/{attempt}`: the activity attempt that made the call. */
  attempt_id: string;
  kept: Generated<boolean>;
  /** How the call ended: complete, truncated, refused, stalled, cut, failed, cancelled, or pending. */
  ended: Generated<CallEnding>;
  estimated: Generated<boolean>;
  requested_model: string | null;
  created_at: CreatedAt;
}

export interface LlmRateLimitsTable {
  key: string;
  paused_until: Date | null;
}

export interface LlmRateGrantsTable {
  id: Generated<string>;
  key: string;
  tokens: number;
  granted_at: Generated<Date>;
}

export type CallEnding =
  | 'complete'
  | 'truncated'
  | 'refused'
  | 'stalled'
  | 'cut'
  | 'failed'
  | 'cancelled'
  | 'pending';

export interface IdempotencyKeysTable {
  owner: string;
  key: string;
  request_hash: string;
  article_id: string;
  created_at: CreatedAt;
}

export interface DictionaryCacheTable {
  language: string;
  word: string;
  sentence_hash: string;
  entry: Json<DictionaryEntry>;
  model: string;
  prompt_version: string;
  created_at: CreatedAt;
}

export type { DictionaryEntry };

export interface QuestionAnswersTable {
  owner: string;
  article_id: string;
  answers: Json<number[]>;
  correct: number;
  total: number;
  answered_at: Timestamp;
}

export interface Database {
  subscriptions: SubscriptionsTable;
  subscription_runs: SubscriptionRunsTable;
  article_reads: ArticleReadsTable;
  question_answers: QuestionAnswersTable;
  dictionary_cache: DictionaryCacheTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  articles: ArticlesTable;
  vocabulary: VocabularyTable;
  llm_usage: LlmUsageTable;
  llm_rate_limits: LlmRateLimitsTable;
  llm_rate_grants: LlmRateGrantsTable;
  idempotency_keys: IdempotencyKeysTable;
  start_requests: StartRequestsTable;
  generation_starts: GenerationStartsTable;
}

export type Article = Selectable<ArticlesTable>;
export type StartRequest = Selectable<StartRequestsTable>;
export type Subscription = Selectable<SubscriptionsTable>;
export type VocabularyEntry = Selectable<VocabularyTable>;
