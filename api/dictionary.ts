import { createHash, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { usageLedger } from '../activities/llm/usage-ledger';
import {
  buildLookupMessages,
  DICTIONARY_PROMPT_VERSION,
  dictionaryEntrySchema,
} from '../activities/prompts/dictionary';
import type { LookupResult } from '../contracts/api-types';
import { cacheEntry, findCachedEntry } from '../db/queries/dictionary';
import { markUsageKept } from '../db/queries/usage';
import type { DictionaryEntry } from '../db/schema';
import { type Language, languageName } from '../workflows/input';
import { assertWithinBudget } from './budget';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';
import { learnerMessage } from './learner-errors';
import type { OfflineLookup } from './offline-dictionary';

export interface Lookup {
  word: string;
  sentence: string;
  language: Language;
  articleId?: string;
  /** `dictionary`: the offline dictionary first; `context`: the model, for the sense in this sentence. */
  mode: 'dictionary' | 'context';
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

/**
 * LLM failures inside a request are the server's problem, never the client's: 503 with what to do. The
 * provider's own words (a refused key, an address) go to the log only.
 */
function llmUnavailable(error: unknown): HttpError {
  const message =
    error instanceof ApplicationFailure
      ? learnerMessage(error.type ?? undefined, error.message)
      : 'The dictionary model did not answer';
  return new HttpError(503, 'dictionary_unavailable', `The dictionary is unavailable right now: ${message}`);
}

/** Why the offline dictionary did not answer, for the learner who now sees the model's entry instead. */
function offlineNote(
  result: Exclude<OfflineLookup, { kind: 'found' }> | { kind: 'unreadable' },
  word: string,
  language: Language,
) {
  switch (result.kind) {
    case 'unreadable':
      return `The offline ${languageName(language)} dictionary could not be read on this server; this entry comes from the model.`;
    case 'no-dictionary':
      return `No offline dictionary covers ${languageName(language)}; this entry comes from the model.`;
    case 'not-installed':
      return `The offline ${result.source.name} dictionary is not installed on this server (Debian package ${result.source.package}); this entry comes from the model.`;
    case 'no-entry':
      return `${result.source.name} has no entry for “${word}”; this entry comes from the model.`;
  }
}

function offlineEntry(result: Extract<OfflineLookup, { kind: 'found' }>): LookupResult {
  const [first] = result.senses;
  return {
    source: 'offline',
    dictionary: { name: result.source.name, licence: result.source.licence },
    lemma: result.lemma,
    partOfSpeech: first?.partOfSpeech ?? '',
    gender: first?.gender ?? null,
    forms: {},
    definition: result.senses
      .slice(0, 3)
      .map((sense) => sense.meaning)
      .join('; '),
    level: null,
    ipa: first?.ipa ?? '',
    examples: result.senses.flatMap((sense) => sense.examples).slice(0, 2),
    senses: result.senses,
  };
}

/**
 * Looks a word up: in the offline dictionary first, which costs nothing, then (or when the sense in this
 * sentence is asked for) in the model, whose entries are cached per word and sentence.
 */
export async function lookUp(deps: ApiDeps, owner: string, lookup: Lookup): Promise<LookupResult> {
  if (!wordOccursIn(lookup.word, lookup.sentence, lookup.language)) {
    throw new HttpError(400, 'word_not_in_sentence', `"${lookup.word}" does not occur in the sentence`, {
      fields: { word: 'word must occur in the sentence' },
    });
  }
  let note: string | undefined;
  if (lookup.mode === 'dictionary') {
    const offline = await deps.dictionary.lookUp(normalize(lookup.word), lookup.language).catch((error) => {
      // Unreadable dictionary files are the server's problem: the model answers, as if none were installed.
      deps.logger.warn({ err: error }, 'offline dictionary look-up failed');
      return { kind: 'unreadable' } as const;
    });
    if (offline.kind === 'found') return offlineEntry(offline);
    note = offlineNote(offline, normalize(lookup.word), lookup.language);
  }
  const entry = await lookUpInContext(deps, owner, lookup);
  return { ...entry, source: 'model', ...(note ? { note } : {}) };
}

/** The model's entry for the word's sense in its sentence; the cache answers repeats without a model call. */
async function lookUpInContext(
  deps: ApiDeps,
  owner: string,
  lookup: Lookup,
): Promise<DictionaryEntry & { model: string; cached: boolean }> {
  const key = {
    language: lookup.language,
    word: normalize(lookup.word).toLocaleLowerCase(lookup.language),
    sentenceHash: createHash('sha256').update(normalize(lookup.sentence)).digest('hex'),
    promptVersion: DICTIONARY_PROMPT_VERSION,
  };
  const cached = await findCachedEntry(deps.db, key);
  if (cached) return { ...cached.entry, model: cached.model, cached: true };
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
  return { ...reply.data, model: reply.model, cached: false };
}
