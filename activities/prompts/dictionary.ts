import { z } from 'zod';
import { CEFR_LEVELS, LANGUAGES, type Language } from '../../workflows/input';
import type { ChatMessage } from '../llm/llm-client';

export const DICTIONARY_PROMPT_VERSION = 'dictionary-v1';

export const dictionaryEntrySchema = z.object({
  lemma: z.string().min(1),
  partOfSpeech: z.string().min(1),
  gender: z.string().nullable(),
  forms: z.record(z.string(), z.string()),
  definition: z.string().min(1),
  level: z.enum(CEFR_LEVELS),
  ipa: z.string(),
  examples: z.array(z.string()).min(2).max(2),
});

const FORMS_HINT: Record<Language, string> = {
  en: 'plural for nouns; past and past participle for verbs; comparative for adjectives',
  de: 'plural and genitive for nouns; Präteritum, Partizip II and auxiliary for verbs',
  es: 'plural and feminine for nouns and adjectives; yo/tú/él present and participle for verbs',
  fr: 'plural and feminine for nouns and adjectives; je/tu/il present and participe passé for verbs',
  it: 'plural and feminine for nouns and adjectives; io/tu/lui present and participio for verbs',
  pt: 'plural and feminine for nouns and adjectives; eu/tu/ele present and particípio for verbs',
  ko: 'polite present (-아요/어요), past and connective (-고) forms for verbs and adjectives',
  ja: 'dictionary, masu, te and nai forms for verbs; reading in hiragana',
  zh: 'pinyin with tone marks; traditional characters if different; measure word for nouns',
};

export function buildLookupMessages(word: string, sentence: string, language: Language): ChatMessage[] {
  return [
    {
      role: 'system',
      content: [
        `You are a learner's dictionary for ${LANGUAGES[language]}. Explain the word as it is used in the sentence.`,
        'Reply with JSON only: {"lemma", "partOfSpeech", "gender" (null if the language or word has none), "forms" (an object of the forms the language needs), "definition" (in simple English, for the sense in this sentence), "level" (CEFR A1-C2 of this sense), "ipa", "examples" (exactly two short new sentences in the same language using the same sense)}.',
        `Forms to give: ${FORMS_HINT[language]}.`,
      ].join('\n'),
    },
    { role: 'user', content: `Word: "${word}"\nSentence: "${sentence}"` },
  ];
}
