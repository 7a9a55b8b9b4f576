import { CEFR_LEVELS, type CefrLevel, type Language } from '../../contracts/article-request';
import calibrationFile from './calibration.json';
import type { TextMeasures } from './measure';

/** The signals the estimate combines; each is mapped to a level on its own, then they are averaged. */
export const SIGNALS = [
  'meanSentenceLength',
  'lexicalRank90',
  'readability',
  'subordinatorsPerSentence',
] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * Per language, each signal's value at A1…C2 (the mean over calibration texts of that level, made monotone).
 * `pooled` serves languages without calibration texts, from the signals every language shares.
 */
export interface Calibration {
  texts: number;
  languages: Record<string, Partial<Record<Signal, number[]>>>;
}

export const CALIBRATION = calibrationFile as Calibration;

export function signalValues(measures: TextMeasures): Partial<Record<Signal, number>> {
  return {
    meanSentenceLength: measures.meanSentenceLength,
    lexicalRank90: measures.lexicalRank90,
    ...(measures.readability ? { readability: measures.readability.score } : {}),
    ...(measures.subordinatorsPerSentence !== null
      ? { subordinatorsPerSentence: measures.subordinatorsPerSentence }
      : {}),
  };
}

/** Where a value sits on the six calibration points, as a level score from 0.5 to 6.5. */
export function scoreOnScale(value: number, points: number[]): number {
  const rising = (points.at(-1) as number) >= (points[0] as number);
  const p = rising ? points : points.map((x) => -x);
  const v = rising ? value : -value;
  const last = p.length - 1;
  const clamp = (score: number) => Math.min(last + 1.5, Math.max(0.5, score));
  if (v <= (p[0] as number)) {
    const step = (p[1] as number) - (p[0] as number);
    return clamp(1 - (step > 0 ? ((p[0] as number) - v) / step : 0));
  }
  if (v >= (p[last] as number)) {
    const step = (p[last] as number) - (p[last - 1] as number);
    return clamp(last + 1 + (step > 0 ? (v - (p[last] as number)) / step : 0));
  }
  for (let i = 0; i < last; i++) {
    const low = p[i] as number;
    const high = p[i + 1] as number;
    if (v >= low && v <= high) return i + 1 + (high > low ? (v - low) / (high - low) : 0.5);
  }
  return clamp(last + 1);
}

/**
 * How much each signal counts. Chosen by cross-validation on the calibration stories (train on one, test on the
 * other): sentence structure separates the levels best; word rarity depends on the topic, so it counts a quarter.
 */
const WEIGHTS: Record<Signal, number> = {
  meanSentenceLength: 1,
  readability: 1,
  subordinatorsPerSentence: 1,
  lexicalRank90: 0.25,
};

/**
 * The weighted mean, except that a text whose words alone measure more than a level above it is raised to one
 * level below its words: short sentences full of rare words (what an LLM does when told to write simply) are
 * not easy. The sample texts never do this, so it costs 4 points of cross-validated accuracy; see decision 012.
 */
function combine(bySignal: Partial<Record<Signal, number>>): number {
  let total = 0;
  let weights = 0;
  for (const signal of SIGNALS) {
    const score = bySignal[signal];
    if (score === undefined) continue;
    total += WEIGHTS[signal] * score;
    weights += WEIGHTS[signal];
  }
  const mean = weights > 0 ? total / weights : 3.5;
  const lexical = bySignal.lexicalRank90;
  return lexical !== undefined && lexical > mean + 1 ? lexical - 1 : mean;
}

export interface LevelEstimate {
  /** 1.0 (A1) to 6.0 (C2). */
  score: number;
  level: CefrLevel;
  bySignal: Partial<Record<Signal, number>>;
  /** false where the language has no calibration texts of its own (the pooled scale was used). */
  calibrated: boolean;
}

export function estimateLevel(
  measures: TextMeasures,
  language: Language,
  calibration: Calibration = CALIBRATION,
): LevelEstimate {
  const own = calibration.languages[language];
  const scales = own ?? calibration.languages.pooled ?? {};
  const values = signalValues(measures);
  const bySignal: Partial<Record<Signal, number>> = {};
  for (const signal of SIGNALS) {
    const points = scales[signal];
    const value = values[signal];
    if (points && value !== undefined) bySignal[signal] = Math.round(scoreOnScale(value, points) * 100) / 100;
  }
  const score = Math.round(Math.min(6, Math.max(1, combine(bySignal))) * 100) / 100;
  return {
    score,
    level: CEFR_LEVELS[Math.min(5, Math.max(0, Math.round(score) - 1))] as CefrLevel,
    bySignal,
    calibrated: Boolean(own),
  };
}
