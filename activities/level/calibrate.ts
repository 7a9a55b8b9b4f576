import { CEFR_LEVELS, type CefrLevel, type Language } from '../../contracts/article-request';
import { type Calibration, SIGNALS, type Signal, signalValues } from './estimate';
import { measureText } from './measure';

export interface KnownText {
  language: Language;
  level: CefrLevel;
  text: string;
}

/** Pool-adjacent-violators: the closest sequence that only rises (or only falls) to the level means. */
function monotone(means: number[]): number[] {
  const rising = (means.at(-1) as number) >= (means[0] as number);
  const values = rising ? means : means.map((x) => -x);
  const blocks: Array<{ sum: number; count: number }> = [];
  for (const value of values) {
    blocks.push({ sum: value, count: 1 });
    while (blocks.length > 1) {
      const last = blocks.at(-1) as { sum: number; count: number };
      const before = blocks.at(-2) as { sum: number; count: number };
      if (before.sum / before.count <= last.sum / last.count) break;
      blocks.splice(-2, 2, { sum: before.sum + last.sum, count: before.count + last.count });
    }
  }
  const fitted = blocks.flatMap((block) => Array(block.count).fill(block.sum / block.count) as number[]);
  const rounded = fitted.map((x) => Math.round((rising ? x : -x) * 1000) / 1000);
  return rounded;
}

function scales(texts: KnownText[], signals: readonly Signal[]): Partial<Record<Signal, number[]>> {
  const measured = texts.map((text) => ({
    level: text.level,
    values: signalValues(measureText(text.text, text.language)),
  }));
  const result: Partial<Record<Signal, number[]>> = {};
  for (const signal of signals) {
    const means = CEFR_LEVELS.map((level) => {
      const values = measured.filter((m) => m.level === level).map((m) => m.values[signal]);
      if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
      return (values as number[]).reduce((sum, v) => sum + v, 0) / values.length;
    });
    if (means.every((mean) => mean !== undefined)) result[signal] = monotone(means as number[]);
  }
  return result;
}

/**
 * The calibration from texts of known level: per language with texts, every signal's level means; `pooled`, for
 * the other languages, from the signals that mean the same in every language (sentence length, word rarity).
 */
export function calibrate(texts: KnownText[]): Calibration {
  const languages: Calibration['languages'] = {};
  for (const language of [...new Set(texts.map((text) => text.language))].sort())
    languages[language] = scales(
      texts.filter((text) => text.language === language),
      SIGNALS,
    );
  languages.pooled = scales(texts, ['meanSentenceLength', 'lexicalRank90']);
  return { texts: texts.length, languages };
}
