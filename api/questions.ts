import type { ComprehensionQuestion } from '../activities/prompts/questions';
import type { ScoredAnswers } from '../contracts/api-types';

/** The learner's choices against the answers, with each explanation and the sentence that supports it. */
export function scoreAnswers(questions: ComprehensionQuestion[], answers: number[]): ScoredAnswers {
  const results = questions.map((question, index) => ({
    chosen: answers[index] as number,
    answer: question.answer,
    correct: answers[index] === question.answer,
    explanation: question.explanation,
    evidence: question.evidence,
  }));
  return { correct: results.filter((r) => r.correct).length, total: questions.length, results };
}
