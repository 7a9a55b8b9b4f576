/**
 * The API's JSON as its clients (the CLI and the web) read it; see ../shared/DESIGN.md, "HTTP API". Dates
 * arrive as ISO strings. Types only: nothing here runs.
 */
import type { GenerationStatus, LevelPass, LevelVerdict } from '../workflows/types';

export type {
  GenerationProgress,
  LevelPass,
  LevelVerdict,
  StageError,
  StageName,
  StageProgress,
} from '../workflows/types';

export type ArticleStatus = GenerationStatus;

export interface Accepted {
  articleId: string;
  jobId: string;
  status: string;
}

export interface SignedIn {
  user: { id: string; email: string };
  token: string;
  expiresAt?: string;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export interface ArticleView {
  id: string;
  jobId: string;
  language: string;
  level: string;
  length: number;
  topic: string;
  status: ArticleStatus;
  stage: string | null;
  title: string | null;
  source: {
    outlet: string | null;
    title: string | null;
    url: string;
    date: string | null;
    author: string | null;
  } | null;
  error: { type?: string; message?: string; stage?: string } | null;
  vocabularyUsed: string[] | null;
  levelCheck: ArticleLevel | null;
  /** GET /articles/:id only: whether the learner did the questions, and the score; null without questions. */
  questions?: { answered: boolean; correct?: number; total?: number } | null;
  /** GET /articles/:id only: where the narration is; null when the article has none. */
  narration?: { audio: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ArticlePage {
  items: ArticleView[];
  total: number;
  limit: number;
  offset: number;
}

/** The level check's evidence for a published article (absent for articles from before the check). */
export interface ArticleLevel {
  requested: string;
  /** The level the check measured in the published text; it may differ from the one asked for. */
  measured: string;
  /** 1.0 (A1) to 6.0 (C2). */
  score: number;
  verdict: LevelVerdict;
  /** false where the language has no calibration texts of its own. */
  calibrated: boolean;
  /**
   * false where the check missed its targets on held-out texts levelled by others (or has none): the level is
   * an estimate, nothing was revised on it and no word is marked rare. Absent on articles from before it.
   */
  trusted?: boolean;
  /** Each run of the check on the way to the published text. */
  passes: LevelPass[];
  signals: {
    meanSentenceLength: number;
    longestSentenceWords: number;
    subordinatorsPerSentence: number | null;
    readability: { formula: string; score: number } | null;
    /** Share of words within the requested level's band (saved words count as known), 0–1. */
    coverage: number | null;
  };
  /** The most frequent forms a reader at the requested level knows; null at C2. */
  band: number | null;
  /** Words outside that band, rarest first (not names, numbers or the learner's saved words). */
  outOfBand: string[];
  /** What drove the verdict, in plain words ("12 % of words are beyond the B1 word band (B2)"); absent before. */
  drivers?: string[];
}

export interface QuestionView {
  kind: 'multiple-choice' | 'true-false';
  question: string;
  options: string[];
}

export interface ScoredAnswers {
  correct: number;
  total: number;
  results: Array<{ chosen: number; answer: number; correct: boolean; explanation: string; evidence: string }>;
}

export interface ArticleQuestions {
  questions: QuestionView[];
  answered: (ScoredAnswers & { answers: number[] }) | null;
}

export interface ArticleMeta {
  wordCount: number;
  models: Record<string, string | undefined>;
  /** Present when the offline demo model wrote it: what it did, in words. */
  demo?: string;
  /** The level check's evidence, with what this learner knows today; absent for articles from before it. */
  level?: ArticleLevel & { knownShare: number; knownBand: number };
  searchProvider: string;
  edits: Array<{ original: string; revised: string; reason: string }>;
  /** The narration, or why there is none; absent for articles from before narration. */
  narration?: { engine: string; voice: string; duration: number; sentences: number } | { skipped: string };
  /** Lemmas due for review when the story was drafted, that the story uses. */
  dueWordsUsed: string[];
}

export type { NarrationTimings, SentenceTiming } from './narration';

export interface UsageSums {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface UsageTotals extends UsageSums {
  retryCostUsd: number;
  estimatedCalls: number;
  unpricedCalls: number;
}

export interface Budget {
  spentTodayUsd: number;
  dailyUsd: number | null;
  generationsToday: number;
  dailyGenerations: number | null;
  resetsAt: string;
}

export interface UsageReport {
  from: string;
  to: string;
  totals: UsageTotals;
  unpricedModels: string[];
  budget: Budget;
  byDay: Array<UsageSums & { day: string }>;
  byOperation: Array<UsageSums & { operation: string }>;
  byModel: Array<UsageSums & { model: string }>;
}

export interface ArticleUsage {
  totals: UsageTotals;
  unpricedModels: string[];
  byOperation: Array<UsageSums & { operation: string }>;
}

export interface DictionaryEntry {
  lemma: string;
  partOfSpeech: string;
  gender: string | null;
  forms: Record<string, string>;
  definition: string;
  level: string;
  ipa: string;
  examples: string[];
}

/** One sense from an offline dictionary (FreeDict, WordNet). */
export interface OfflineSense {
  headword: string;
  partOfSpeech: string | null;
  gender: string | null;
  ipa: string | null;
  meaning: string;
  examples: string[];
}

/**
 * POST /dictionary/lookup: an offline dictionary's entry (no model call, no usage), or the model's entry for the
 * sense in the sentence, which says why the offline dictionary did not answer when it was asked first.
 */
export type LookupResult =
  | (Omit<DictionaryEntry, 'level'> & {
      source: 'offline';
      level: null;
      dictionary: { name: string; licence: string };
      senses: OfflineSense[];
    })
  | (DictionaryEntry & { source: 'model'; model: string; cached: boolean; note?: string });

export interface VocabularyEntry {
  id: string;
  articleId: string | null;
  word: string;
  definition: string;
  sentence: string | null;
  pos: string | null;
  gender: string | null;
  phonetics: string | null;
  forms: Record<string, string> | null;
  examples: string[] | null;
  level: string | null;
  createdAt: string;
}

export interface VocabularyGroup {
  lemma: string;
  language: string;
  count: number;
  articleIds: string[];
  entries: VocabularyEntry[];
}

/** A daily-story subscription, as GET /subscriptions lists it. */
export interface SubscriptionView {
  id: string;
  language: string;
  level: string;
  length: number;
  topics: string[];
  surprise: boolean;
  time: string;
  timeZone: string;
  paused: boolean;
  scheduleId: string;
  nextRuns: string[] | null;
}
