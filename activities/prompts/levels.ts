import type { CefrLevel } from '../../workflows/input';

/** What a reader at each CEFR level can handle; prompts quote these so "at the level" means one thing. */
export const LEVEL_GUIDE: Record<CefrLevel, string> = {
  A1: 'A1 (beginner): very short sentences in the present tense, the 500-1000 most common words, no idioms, one idea per sentence.',
  A2: 'A2 (elementary): short, simple sentences, present and simple past, everyday words, few subordinate clauses, concrete ideas.',
  B1: 'B1 (intermediate): clear connected sentences, common tenses, everyday and some topic words explained by context, simple opinions and reasons.',
  B2: 'B2 (upper intermediate): varied sentences and tenses, topic vocabulary, some idioms, arguments with nuance, as in quality news for a general audience.',
  C1: 'C1 (advanced): complex sentences, precise and idiomatic vocabulary, implicit meaning, the register of serious journalism.',
  C2: 'C2 (proficient): any structure and register, rare and specialised words, subtle nuance; close to the original journalism.',
};
