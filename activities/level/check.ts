import type { ArticleLevel } from '../../contracts/api-types';
import { type CefrLevel, type Language, levelRank } from '../../contracts/article-request';
import type { LevelVerdict } from '../../workflows/types';
import { LEVEL_BANDS } from './bands';
import { CALIBRATION, estimateLevel, type LevelEstimate } from './estimate';
import { levelDrivers } from './explain';
import { measureText, plainText, splitSentences, type TextMeasures, tokenize } from './measure';

export interface RareWord {
  word: string;
  /** Rank in the frequency list; null when the form is not in its 30,000. */
  rank: number | null;
  count: number;
}

/** What the level check found in one text, stored as `level.json` beside it. */
export interface LevelReport {
  requested: CefrLevel;
  measured: CefrLevel;
  score: number;
  verdict: LevelVerdict;
  calibrated: boolean;
  /** Whether the check may act on this language (decision 025); when false the verdict is `report-only`. */
  trusted: boolean;
  bySignal: LevelEstimate['bySignal'];
  measures: TextMeasures;
  /** The most frequent forms a reader at the requested level knows. */
  band: number | null;
  /** Words outside that band (rarest first), neither names, numbers nor saved words; none where not trusted. */
  outOfBand: RareWord[];
  /** The sentences longer than the level's usual length, longest first. */
  longSentences: string[];
  /** What drove the verdict, in plain words, the strongest first. */
  drivers: string[];
}

/**
 * "Too hard" is half a level or more above the target, "too easy" more than half a level below it: the same
 * rounding as the measured level (2.5 is B1), so the verdict never contradicts the level shown beside it.
 */
export function verdictFor(score: number, requested: CefrLevel, trusted = true): LevelVerdict {
  if (!trusted) return 'report-only';
  const target = levelRank(requested) + 1;
  if (score >= target + 0.5) return 'too-hard';
  if (score < target - 0.5) return 'too-easy';
  return 'at-level';
}

const MAX_RARE_WORDS = 30;
const OUTSIDE_LIST = 1e9;
const MAX_LONG_SENTENCES = 5;

/** A sentence is long for a level past 1.5 times that level's mean length in the calibration texts. */
function longSentenceLimit(language: Language, level: CefrLevel): number {
  const scale =
    CALIBRATION.languages[language]?.scales.meanSentenceLength ??
    CALIBRATION.languages.pooled?.scales.meanSentenceLength;
  return Math.round(1.5 * (scale?.[levelRank(level)] ?? 15));
}

export function checkText(
  text: string,
  language: Language,
  requested: CefrLevel,
  known: ReadonlySet<string> = new Set(),
): LevelReport {
  const measures = measureText(text, language, known);
  const estimate = estimateLevel(measures, language);
  const band = LEVEL_BANDS[requested];
  const rare = new Map<string, RareWord>();
  const sentences = splitSentences(plainText(text), language);
  // An untrusted measure marks no word rare: its word ranks may be wrong for this language (decision 025).
  for (const sentence of estimate.trusted ? sentences : []) {
    for (const token of tokenize(sentence, language)) {
      if (token.kind !== 'word' || known.has(token.form) || (token.rank ?? Number.POSITIVE_INFINITY) <= band)
        continue;
      const entry = rare.get(token.form) ?? { word: token.form, rank: token.rank ?? null, count: 0 };
      entry.count++;
      rare.set(token.form, entry);
    }
  }
  const limit = longSentenceLimit(language, requested);
  const longSentences = sentences
    .map((sentence) => ({ sentence, words: tokenize(sentence, language).length }))
    .filter((s) => s.words > limit)
    .sort((a, b) => b.words - a.words)
    .slice(0, MAX_LONG_SENTENCES)
    .map((s) => s.sentence);
  return {
    requested,
    measured: estimate.level,
    score: estimate.score,
    verdict: verdictFor(estimate.score, requested, estimate.trusted),
    calibrated: estimate.calibrated,
    trusted: estimate.trusted,
    bySignal: estimate.bySignal,
    measures,
    band: Number.isFinite(band) ? band : null,
    outOfBand: [...rare.values()]
      .sort((a, b) => (b.rank ?? OUTSIDE_LIST) - (a.rank ?? OUTSIDE_LIST))
      .slice(0, MAX_RARE_WORDS),
    longSentences,
    drivers: levelDrivers(measures, estimate.bySignal, language, requested),
  };
}

/** The evidence a published article carries: the last pass's measures, and every pass on the way. */
export function publishedLevel(passes: Array<LevelReport & { pass: number }>): ArticleLevel {
  const last = passes.at(-1) as LevelReport;
  const { measures } = last;
  const coverage =
    last.requested === 'C2' ? null : measures.coverage[last.requested as Exclude<CefrLevel, 'C2'>];
  return {
    requested: last.requested,
    measured: last.measured,
    score: last.score,
    verdict: last.verdict,
    calibrated: last.calibrated,
    trusted: last.trusted,
    passes: passes.map((p) => ({ pass: p.pass, level: p.measured, score: p.score, verdict: p.verdict })),
    signals: {
      meanSentenceLength: measures.meanSentenceLength,
      longestSentenceWords: measures.longestSentence.words,
      subordinatorsPerSentence: measures.subordinatorsPerSentence,
      readability: measures.readability,
      coverage,
    },
    band: last.band,
    outOfBand: last.outOfBand.map((rare) => rare.word),
    drivers: last.drivers ?? [],
  };
}
