import { CEFR_LEVELS, type CefrLevel, type Language } from '../../contracts/article-request';
import calibrationFile from './calibration.json';
import type { TextMeasures } from './measure';

/** The signals the estimate combines; each is mapped to a level on its own, then they are averaged. */
export const SIGNALS = [
  'meanSentenceLength',
  'lexicalRank90',
  'beyondB2Share',
  'readability',
  'subordinatorsPerSentence',
  'meanWordLength',
  'clauseMarksPerSentence',
  'beyondB1Share',
  'listedWordRarity',
  'lexicalDiversity',
] as const;
export type Signal = (typeof SIGNALS)[number];

/** The signals that mean the same in every language, for the pooled scale of languages without texts of their own. */
export const POOLED_SIGNALS = ['meanSentenceLength', 'lexicalRank90', 'beyondB2Share'] as const;

/** How well the calibration did on texts it was not fitted on (`npm run calibrate:level` measures it). */
export interface HeldOutScore {
  /** Held-out texts levelled by others (not opad's sample stories). */
  texts: number;
  /** How many levels those texts cover. */
  levels: number;
  exact: number | null;
  withinOne: number | null;
  /** Pairs of versions of one story (opad's held-back sample story) put in the right order; null without any. */
  ordered: number | null;
}

export interface SourceScore {
  texts: number;
  exact: number;
  withinOne: number;
}

export interface LanguageCalibration {
  /** Each signal's value at A1…C2: the mean over calibration texts of that level, made monotone. */
  scales: Partial<Record<Signal, number[]>>;
  /** How much each signal counts, chosen by cross-validation (activities/level/calibrate.ts). */
  weights: Partial<Record<Signal, number>>;
  /** Whether word rarity measuring more than a level above the rest lifts the estimate (chosen likewise). */
  lexicalGuard: boolean;
  /**
   * Where the combined score crosses from one level to the next (A1|A2 … C1|C2), chosen likewise: the score is
   * stretched so that these fall on 1.5 … 5.5, the rounding that names the level.
   */
  cuts: number[];
  /** Whether the check may act on this language: its held-out score met the targets (decision 025). */
  trusted: boolean;
  /**
   * Per source, exact and within-one-level shares of the calibration texts when each fold is scored on a fit to
   * the others: what the weights and cuts were chosen on (never the held-out texts), and whether they hold on
   * every kind of text.
   */
  crossValidated?: Record<string, SourceScore>;
  heldOut?: HeldOutScore;
}

export interface Calibration {
  texts: number;
  /** Per language with calibration texts; `pooled` serves the others, from the signals every language shares. */
  languages: Record<string, LanguageCalibration>;
}

export const CALIBRATION = calibrationFile as unknown as Calibration;

export function signalValues(measures: TextMeasures): Partial<Record<Signal, number>> {
  return {
    meanSentenceLength: measures.meanSentenceLength,
    lexicalRank90: measures.lexicalRank90,
    beyondB2Share: measures.beyondB2Share,
    meanWordLength: measures.meanWordLength,
    clauseMarksPerSentence: measures.clauseMarksPerSentence,
    beyondB1Share: measures.beyondB1Share,
    listedWordRarity: measures.listedWordRarity,
    lexicalDiversity: measures.lexicalDiversity,
    ...(measures.readability ? { readability: measures.readability.score } : {}),
    ...(measures.subordinatorsPerSentence !== null
      ? { subordinatorsPerSentence: measures.subordinatorsPerSentence }
      : {}),
  };
}

/**
 * Where a value sits on the six calibration points, as a level score from 0.5 to 6.5. A value equal to a run of
 * equal points (a signal that does not tell those levels apart, such as no rare word at all from A1 to B1) sits
 * in the middle of that run, not at its lowest level.
 */
export function scoreOnScale(value: number, points: number[]): number {
  const rising = (points.at(-1) as number) >= (points[0] as number);
  const p = rising ? points : points.map((x) => -x);
  const v = rising ? value : -value;
  const last = p.length - 1;
  const clamp = (score: number) => Math.min(last + 1.5, Math.max(0.5, score));
  const equal = p.flatMap((point, i) => (point === v ? [i] : []));
  if (equal.length > 0) return ((equal[0] as number) + (equal.at(-1) as number)) / 2 + 1;
  if (v < (p[0] as number)) {
    const step = (p.find((point) => point > (p[0] as number)) ?? (p[0] as number)) - (p[0] as number);
    const run = p.findIndex((point) => point > (p[0] as number));
    return clamp(1 - (step > 0 ? (((p[0] as number) - v) / step) * run : 0));
  }
  if (v > (p[last] as number)) {
    const lower = p
      .map((point, i) => (point < (p[last] as number) ? i : -1))
      .reduce((a, b) => Math.max(a, b));
    const run = last - lower;
    const step = lower < 0 ? 0 : (p[last] as number) - (p[lower] as number);
    return clamp(last + 1 + (step > 0 ? ((v - (p[last] as number)) / step) * run : 0));
  }
  for (let i = 0; i < last; i++) {
    const low = p[i] as number;
    const high = p[i + 1] as number;
    if (v > low && v < high) return i + 1 + (v - low) / (high - low);
  }
  return clamp(last + 1);
}

/** Each signal's level on the language's scales (0.5–6.5), rounded to hundredths. */
export function signalScores(
  values: Partial<Record<Signal, number>>,
  scales: Partial<Record<Signal, number[]>>,
): Partial<Record<Signal, number>> {
  const bySignal: Partial<Record<Signal, number>> = {};
  for (const signal of SIGNALS) {
    const points = scales[signal];
    const value = values[signal];
    if (points && value !== undefined) bySignal[signal] = Math.round(scoreOnScale(value, points) * 100) / 100;
  }
  return bySignal;
}

/**
 * The weighted mean of the signals' levels, except that (where the calibration turned the guard on) a text whose
 * words alone measure more than a level above it is raised to one level below its words: short sentences full
 * of rare words (what an LLM does when told to write simply) are not easy.
 */
export function combine(
  bySignal: Partial<Record<Signal, number>>,
  weights: Partial<Record<Signal, number>>,
  lexicalGuard: boolean,
): number {
  let total = 0;
  let weightSum = 0;
  for (const signal of SIGNALS) {
    const score = bySignal[signal];
    const weight = weights[signal] ?? 0;
    if (score === undefined || weight === 0) continue;
    total += weight * score;
    weightSum += weight;
  }
  const mean = weightSum > 0 ? total / weightSum : 3.5;
  const lexical = bySignal.lexicalRank90;
  const score = lexicalGuard && lexical !== undefined && lexical > mean + 1 ? lexical - 1 : mean;
  return Math.round(Math.min(6, Math.max(1, score)) * 100) / 100;
}

export const DEFAULT_CUTS = [1.5, 2.5, 3.5, 4.5, 5.5];

/** The combined score on the level scale: each cut moves to its level boundary, straight lines between them. */
export function applyCuts(score: number, cuts: number[] = DEFAULT_CUTS): number {
  const first = cuts[0] as number;
  const last = cuts.at(-1) as number;
  let placed: number;
  if (score <= first) placed = 1.5 - (first - score);
  else if (score >= last) placed = cuts.length + 0.5 + (score - last);
  else {
    const k = cuts.findIndex((cut, i) => score >= cut && score <= (cuts[i + 1] as number));
    const low = cuts[k] as number;
    const high = cuts[k + 1] as number;
    placed = k + 1.5 + (high > low ? (score - low) / (high - low) : 0.5);
  }
  return Math.round(Math.min(6, Math.max(1, placed)) * 100) / 100;
}

export const levelForScore = (score: number): CefrLevel =>
  CEFR_LEVELS[Math.min(5, Math.max(0, Math.round(score) - 1))] as CefrLevel;

export interface LevelEstimate {
  /** 1.0 (A1) to 6.0 (C2). */
  score: number;
  level: CefrLevel;
  bySignal: Partial<Record<Signal, number>>;
  /** false where the language has no calibration texts of its own (the pooled scale was used). */
  calibrated: boolean;
  /**
   * true where the check met its targets on held-out texts levelled by others: only then may a verdict send a
   * text back or a word be marked rare. Elsewhere the level is an estimate, shown as one.
   */
  trusted: boolean;
}

export function estimateLevel(
  measures: TextMeasures,
  language: Language,
  calibration: Calibration = CALIBRATION,
): LevelEstimate {
  return estimateFromSignals(signalValues(measures), language, calibration);
}

/** estimateLevel() from a text's signal values (signalValues), as data/level-corpus/measured.jsonl keeps them. */
export function estimateFromSignals(
  values: Partial<Record<Signal, number>>,
  language: Language,
  calibration: Calibration = CALIBRATION,
): LevelEstimate {
  const own = calibration.languages[language];
  const used = own ?? calibration.languages.pooled;
  const bySignal = signalScores(values, used?.scales ?? {});
  const score = applyCuts(combine(bySignal, used?.weights ?? {}, used?.lexicalGuard ?? false), used?.cuts);
  return {
    score,
    level: levelForScore(score),
    bySignal,
    calibrated: Boolean(own),
    trusted: Boolean(own?.trusted),
  };
}
