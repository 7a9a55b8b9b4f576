import { createHash, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { usageLedger } from '../activities/llm/usage-ledger';
import {
  buildLookupMessages,
  DICTIONARY_PROMPT_VERSION,
  dictionaryEntrySchema,
} from '../activities/prompts/dictionary';
import { cacheEntry, findCachedEntry } from '../db/queries/dictionary';
import { markUsageKept } from '../db/queries/usage';
import type { DictionaryEntry } from '../db/schema';
import type { Language } from '../workflows/input';
import { assertWithinBudget } from './budget';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';

export interface Lookup {
  word: string;
  sentence: string;
  language: Language;
  articleId?: string;
}

const normalize = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Case-insensitive, and whole words only in languages that separate words with spaces. */
export function wordOccursIn(word: string, sentence: string, language: Language): boolean {
  const w = normalize(word).toLocaleLowerCase(language);
  const s = normalize(sentence).toLocaleLowerCase(language);
  if (language === 'zh' || language === 'ja') return s.includes(w);
  const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{M}\\p{N}])${escaped}($|[^\\p{L}\\p{M}\\p{N}])`, 'u').test(s);
}

/** LLM failures inside a request are the server's problem, never the client's: 503 with what to do. */
function llmUnavailable(error: unknown): HttpError {
  const message = error instanceof ApplicationFailure ? error.message : 'The dictionary model did not answer';
  return new HttpError(503, 'dictionary_unavailable', `The dictionary is unavailable right now: ${message}`);
}

/** Looks up a word in the sense of its sentence; the cache answers repeats without an LLM call. */
export async function lookUp(
  deps: ApiDeps,
  owner: string,
  lookup: Lookup,
): Promise<DictionaryEntry & { cached: boolean }> {
  if (!wordOccursIn(lookup.word, lookup.sentence, lookup.language)) {
    throw new HttpError(400, 'word_not_in_sentence', `"${lookup.word}" does not occur in the sentence`, {
      fields: { word: 'word must occur in the sentence' },
    });
  }
  const key = {
    language: lookup.language,
    word: normalize(lookup.word).toLocaleLowerCase(lookup.language),
    sentenceHash: createHash('sha256').update(normalize(lookup.sentence)).digest('hex'),
    promptVersion: DICTIONARY_PROMPT_VERSION,
  };
  const cached = await findCachedEntry(deps.db, key);
  if (cached) return { ...cached, cached: true };
  // A cached entry costs nothing; a new lookup is a model call, within the learner's budget.
  await assertWithinBudget(deps, owner, 'spend');
  // One id for the lookup's calls (a corrective retry included), flagged kept once the entry is cached.
  const attemptId = `api/dictionary/${randomUUID()}`;
  let reply: Awaited<ReturnType<typeof deps.llm.chatJson<DictionaryEntry>>>;
  try {
    reply = await deps.llm.chatJson(
      {
        operation: 'dictionary',
        messages: buildLookupMessages(normalize(lookup.word), normalize(lookup.sentence), lookup.language),
        ledger: usageLedger(
          deps.db,
          { owner, articleId: lookup.articleId ?? null, attempt: 1, attemptId },
          deps.prices,
        ),
      },
      'dictionary_entry',
      dictionaryEntrySchema,
    );
  } catch (error) {
    deps.logger.warn({ err: error }, 'dictionary lookup failed');
    throw llmUnavailable(error);
  }
  await cacheEntry(deps.db, key, reply.data, reply.model);
  await markUsageKept(deps.db, attemptId);
  return { ...reply.data, cached: false };
}
