import { z } from 'zod';

/** Languages opad writes in; the value is the English name used in prompts. */
export const LANGUAGES = {
  en: 'English',
  de: 'German',
  es: 'Spanish',
  fr: 'French',
  it: 'Italian',
  pt: 'Portuguese',
  ko: 'Korean',
  ja: 'Japanese',
  zh: 'Chinese (Simplified)',
} as const;
export type Language = keyof typeof LANGUAGES;

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

export const MIN_LENGTH = 100;
export const MAX_LENGTH = 2000;

/** What a learner asks for. Shared by the web form, the API (validation at the edge) and the workflow (defence in depth). */
export const articleRequestSchema = z.object({
  language: z.enum(Object.keys(LANGUAGES) as [Language, ...Language[]], {
    message: `language must be one of ${Object.keys(LANGUAGES).join(', ')}`,
  }),
  level: z.enum(CEFR_LEVELS, { message: `level must be one of ${CEFR_LEVELS.join(', ')}` }),
  length: z
    .number({ message: 'length must be a number of words' })
    .int({ message: 'length must be a whole number of words' })
    .min(MIN_LENGTH, { message: `length must be at least ${MIN_LENGTH} words` })
    .max(MAX_LENGTH, { message: `length must be at most ${MAX_LENGTH} words` }),
  topic: z
    .string({ message: 'topic must be text' })
    .trim()
    .min(2, { message: 'topic must have at least 2 characters' })
    .max(200, { message: 'topic must have at most 200 characters' }),
});
export type ArticleRequest = z.infer<typeof articleRequestSchema>;

/** The index of a CEFR level, for "at most the target + 1" rules. */
export function levelRank(level: CefrLevel): number {
  return CEFR_LEVELS.indexOf(level);
}

/** The English name of a language code, or the code itself when opad does not know it. */
export function languageName(code: string): string {
  return LANGUAGES[code as Language] ?? code;
}
