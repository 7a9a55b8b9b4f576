import { sql } from 'kysely';
import { CEFR_LEVELS, type CefrLevel, levelRank } from '../../workflows/input';
import type { Db } from '../connect';

export const DRAFT_VOCABULARY_LIMIT = 50;

/**
 * The learner's saved lemmas a draft may use: same language, level at most the target + 1 (unlevelled words
 * count as fitting), most often saved first, at most 50.
 */
export async function selectDraftVocabulary(
  db: Db,
  owner: string,
  language: string,
  level: CefrLevel,
): Promise<string[]> {
  const allowed = CEFR_LEVELS.slice(0, levelRank(level) + 2);
  const rows = await db
    .selectFrom('vocabulary')
    .select(['lemma', sql<number>`count(*)::int`.as('saves')])
    .where('owner', '=', owner)
    .where('language', '=', language)
    .where((eb) => eb.or([eb('level', 'in', allowed), eb('level', 'is', null)]))
    .groupBy('lemma')
    .orderBy('saves', 'desc')
    .orderBy('lemma')
    .limit(DRAFT_VOCABULARY_LIMIT)
    .execute();
  return rows.map((row) => row.lemma);
}

export interface NewVocabularyEntry {
  owner: string;
  articleId: string | null;
  language: string;
  word: string;
  lemma: string;
  definition: string;
  sentence?: string;
  pos?: string;
  gender?: string | null;
  phonetics?: string;
  forms?: Record<string, string>;
  examples?: string[];
  level?: string;
}

/** Idempotent per (owner, article, lemma): a repeat returns the id saved the first time. */
export async function saveVocabulary(
  db: Db,
  entry: NewVocabularyEntry,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto('vocabulary')
    .values({
      owner: entry.owner,
      article_id: entry.articleId,
      language: entry.language,
      word: entry.word,
      lemma: entry.lemma,
      definition: entry.definition,
      sentence: entry.sentence ?? null,
      pos: entry.pos ?? null,
      gender: entry.gender ?? null,
      phonetics: entry.phonetics ?? null,
      forms: JSON.stringify(entry.forms ?? {}),
      examples: JSON.stringify(entry.examples ?? []),
      level: entry.level ?? null,
    })
    .onConflict((oc) => oc.columns(['owner', 'article_id', 'lemma']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom('vocabulary')
    .select('id')
    .where('owner', '=', entry.owner)
    .where('lemma', '=', entry.lemma)
    .where((eb) => (entry.articleId ? eb('article_id', '=', entry.articleId) : eb('article_id', 'is', null)))
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** The vocabulary grouped by lemma: how often it was saved, from which articles, and its latest entry. */
export async function listVocabulary(db: Db, owner: string, language?: string) {
  let query = db.selectFrom('vocabulary').where('owner', '=', owner);
  if (language) query = query.where('language', '=', language);
  const rows = await query.selectAll().orderBy('created_at', 'desc').execute();
  const groups = new Map<
    string,
    { lemma: string; language: string; count: number; articleIds: string[]; entries: typeof rows }
  >();
  for (const row of rows) {
    const key = `${row.language}\u0000${row.lemma}`;
    const group = groups.get(key) ?? {
      lemma: row.lemma,
      language: row.language,
      count: 0,
      articleIds: [],
      entries: [],
    };
    group.count++;
    if (row.article_id && !group.articleIds.includes(row.article_id)) group.articleIds.push(row.article_id);
    group.entries.push(row);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.lemma.localeCompare(b.lemma));
}

export async function deleteVocabulary(db: Db, owner: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('vocabulary')
    .where('id', '=', id)
    .where('owner', '=', owner)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Every form a learner saved in a language (the clicked word and its lemma), lower-cased: words they know. */
export async function savedForms(db: Db, owner: string, language: string): Promise<string[]> {
  const rows = await db
    .selectFrom('vocabulary')
    .select(['word', 'lemma'])
    .where('owner', '=', owner)
    .where('language', '=', language)
    .execute();
  return [
    ...new Set(rows.flatMap((row) => [row.word, row.lemma]).map((form) => form.toLocaleLowerCase(language))),
  ];
}
