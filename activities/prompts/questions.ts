import { z } from 'zod';
import { type GenerateArticleInput, LANGUAGES } from '../../workflows/input';
import type { ChatMessage } from '../llm/llm-client';
import { LEVEL_GUIDE } from './levels';

export const QUESTIONS_PROMPT_VERSION = 'questions-v2';

const questionSchema = z.object({
  kind: z.enum(['multiple-choice', 'true-false']),
  question: z.string().min(1),
  options: z.array(z.string().min(1)).min(2).max(4),
  /** Index of the right option. */
  answer: z.number().int().min(0),
  explanation: z.string().min(1),
  /** The one whole sentence of the article that supports the answer, copied exactly. */
  evidence: z.string().min(1),
});
export type ComprehensionQuestion = z.infer<typeof questionSchema>;

/** Quotes, apostrophes and spacing as the reader compares them: a copied sentence matches whatever quotes it used. */
export const normalizeSentence = (text: string) =>
  text
    .normalize('NFC')
    .replace(/[“”„«»"]/g, '"')
    .replace(/[‘’‚]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** 3 questions for a short text, 4 up to 500 words, 5 beyond. */
export const questionCount = (words: number) => (words < 250 ? 3 : words <= 500 ? 4 : 5);

/**
 * The sentence of `sentences` (the article's, split as the narration splits them) that the model's copy is, or
 * undefined when the copy is not one whole sentence: a fragment, two sentences, or words the article lacks.
 */
export function supportingSentence(sentences: readonly string[], evidence: string): string | undefined {
  const wanted = normalizeSentence(evidence);
  return sentences.find((sentence) => normalizeSentence(sentence) === wanted);
}

/** What to tell the model about a copy that is not one whole sentence, so its corrected reply can be. */
function evidenceProblem(sentences: readonly string[], evidence: string): string {
  const quoted = `"${evidence.slice(0, 80)}${evidence.length > 80 ? '…' : ''}"`;
  const wanted = normalizeSentence(evidence);
  const holder = sentences.find((sentence) => normalizeSentence(sentence).includes(wanted));
  if (holder)
    return `the supporting sentence ${quoted} is only part of the sentence "${holder}"; copy the whole sentence`;
  if (normalizeSentence(sentences.join(' ')).includes(wanted))
    return `the supporting sentence ${quoted} spans more than one sentence of the article; copy only the one sentence that supports the answer`;
  return `the supporting sentence ${quoted} is not in the article; copy one sentence of the article exactly`;
}

/**
 * The reply's shape, and the deterministic check: every answer is one of its options, and every supporting
 * sentence is one whole sentence of the text. A reply that fails gets the LLM client's corrective retry, with the
 * problem named.
 */
export function questionsReplySchema(sentences: readonly string[], count: number) {
  return z.object({ questions: z.array(questionSchema).min(count).max(count) }).superRefine((reply, ctx) => {
    reply.questions.forEach((question, index) => {
      if (question.answer >= question.options.length)
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'answer'],
          message: 'answer must index one of the options',
        });
      if (!supportingSentence(sentences, question.evidence))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'evidence'],
          message: evidenceProblem(sentences, question.evidence),
        });
    });
  });
}

export function buildQuestionsMessages(
  input: GenerateArticleInput,
  article: { title: string; body: string },
  count: number,
): ChatMessage[] {
  const language = LANGUAGES[input.language];
  return [
    {
      role: 'system',
      content: [
        `You write reading-comprehension questions in ${language} for a learner at ${LEVEL_GUIDE[input.level]}`,
        `Write exactly ${count} questions about the article's facts, in ${language}, with words and grammar at that level: multiple choice (3 or 4 options) or true/false (2 options, "true" then "false" in ${language}).`,
        'Each question has one right answer that the article states; the wrong options are plausible but contradicted or absent.',
        'Reply with JSON only: {"questions": [{"kind": "multiple-choice" | "true-false", "question", "options": [...], "answer": <index of the right option>, "explanation": "<one short sentence in the same language>", "evidence": "<the one whole sentence of the article that supports the answer, copied exactly from its first word to its final punctuation>"}]}.',
      ].join('\n'),
    },
    { role: 'user', content: `# ${article.title}\n\n${article.body}` },
  ];
}
