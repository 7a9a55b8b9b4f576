import type { Db } from '../connect';
import type { DictionaryEntry } from '../schema';

export interface CacheKey {
  language: string;
  word: string;
  sentenceHash: string;
  promptVersion: string;
}

export async function findCachedEntry(
  db: Db,
  key: CacheKey,
): Promise<{ entry: DictionaryEntry; model: string } | undefined> {
  return db
    .selectFrom('dictionary_cache')
    .select(['entry', 'model'])
    .where('language', '=', key.language)
    .where('word', '=', key.word)
    .where('sentence_hash', '=', key.sentenceHash)
    .where('prompt_version', '=', key.promptVersion)
    .executeTakeFirst();
}

export async function cacheEntry(
  db: Db,
  key: CacheKey,
  entry: DictionaryEntry,
  model: string,
): Promise<void> {
  await db
    .insertInto('dictionary_cache')
    .values({
      language: key.language,
      word: key.word,
      sentence_hash: key.sentenceHash,
      prompt_version: key.promptVersion,
      entry: JSON.stringify(entry),
      model,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
