import type { Language } from '../../contracts/article-request';

export interface Readability {
  formula: string;
  /** Higher is easier, roughly 0–100 (formulas may leave that range for very easy or very hard text). */
  score: number;
}

type Formula = { name: string; score: (wordsPerSentence: number, syllablesPerWord: number) => number };

/** The Flesch reading ease and its adaptations, each fitted to its own language. */
const FORMULAS: Partial<Record<Language, Formula>> = {
  en: { name: 'Flesch reading ease', score: (asl, asw) => 206.835 - 1.015 * asl - 84.6 * asw },
  de: { name: 'Amstad', score: (asl, asw) => 180 - asl - 58.5 * asw },
  es: { name: 'Fernández-Huerta', score: (asl, asw) => 206.84 - 1.02 * asl - 60 * asw },
  fr: { name: 'Kandel–Moles', score: (asl, asw) => 207 - 1.015 * asl - 73.6 * asw },
  it: { name: 'Flesch–Vacca', score: (asl, asw) => 217 - 1.3 * asl - 60 * asw },
  pt: { name: 'Flesch (Martins)', score: (asl, asw) => 248.835 - 1.015 * asl - 84.6 * asw },
};

export function readability(
  language: Language,
  wordsPerSentence: number,
  syllablesPerWord: number,
): Readability | null {
  const formula = FORMULAS[language];
  if (!formula) return null;
  const score = formula.score(wordsPerSentence, syllablesPerWord);
  return { formula: formula.name, score: Math.round(score * 10) / 10 };
}
