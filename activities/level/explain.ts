import { type CefrLevel, type Language, levelRank } from '../../contracts/article-request';
import { CALIBRATION, levelForScore, type Signal } from './estimate';
import type { TextMeasures } from './measure';

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** One signal's finding, in words a learner can check against the text. */
function describe(signal: Signal, measures: TextMeasures, requested: CefrLevel): string | undefined {
  switch (signal) {
    case 'meanSentenceLength':
      return `sentences average ${Math.round(measures.meanSentenceLength)} words; the longest has ${measures.longestSentence.words}`;
    case 'lexicalRank90':
    case 'beyondB2Share':
    case 'beyondB1Share':
    case 'listedWordRarity':
      if (requested === 'C2')
        return `${percent(measures.beyondB2Share)} of words are rarer than the B2 word band`;
      return `${percent(1 - measures.coverage[requested])} of words are beyond the ${requested} word band`;
    case 'readability':
      return measures.readability
        ? `${measures.readability.formula} score ${Math.round(measures.readability.score)}`
        : undefined;
    case 'subordinatorsPerSentence':
      return measures.subordinatorsPerSentence === null
        ? undefined
        : `${measures.subordinatorsPerSentence.toFixed(1)} subordinate clauses a sentence`;
    case 'meanWordLength':
      return `words average ${measures.meanWordLength.toFixed(1)} letters`;
    case 'clauseMarksPerSentence':
      return `${measures.clauseMarksPerSentence.toFixed(1)} commas or semicolons a sentence`;
    case 'lexicalDiversity':
      return `${percent(measures.lexicalDiversity)} of the words in each run of 40 are different`;
  }
}

/**
 * What drove the verdict, in plain words: the signals the language's calibration counts, the ones that pulled
 * the estimate furthest from the level asked for first, each with the level it measures on its own
 * ("12 % of words are beyond the B1 word band (B2)").
 */
export function levelDrivers(
  measures: TextMeasures,
  bySignal: Partial<Record<Signal, number>>,
  language: Language,
  requested: CefrLevel,
  limit = 3,
): string[] {
  const fitted = CALIBRATION.languages[language] ?? CALIBRATION.languages.pooled;
  const target = levelRank(requested) + 1;
  const seen = new Set<string>();
  return Object.entries(bySignal)
    .map(([signal, score]) => ({ signal: signal as Signal, score: score as number }))
    .filter(({ signal }) => (fitted?.weights[signal] ?? 0) > 0)
    .sort(
      (a, b) =>
        (fitted?.weights[b.signal] ?? 0) * Math.abs(b.score - target) -
        (fitted?.weights[a.signal] ?? 0) * Math.abs(a.score - target),
    )
    .flatMap(({ signal, score }) => {
      const words = describe(signal, measures, requested);
      if (!words || seen.has(words)) return [];
      seen.add(words);
      return [`${words} (${levelForScore(score)})`];
    })
    .slice(0, limit);
}
