import { sql } from 'kysely';
import { CEFR_LEVELS, type CefrLevel, levelRank } from '../../workflows/input';
import type { Db } from '../connect';

export const DRAFT_VOCABULARY_LIMIT = 50;
/** Due words the next draft is asked to use first: a handful, so the story still reads naturally. */
export const DRAFT_DUE_LIMIT = 5;

const fittingLevels = (level: CefrLevel) => CEFR_LEVELS.slice(0, levelRank(level) + 2);

/**
 * What a draft is asked to use, in one statement: `due`, the learner's lemmas due for review by `now`, the
 * longest overdue first, at most 5; and `vocabulary`, those due ones first, then the most often saved, at most
 * 50 in all (the rules of `selectDraftVocabulary`, below). Same language, level at most the target + 1
 * (unlevelled words count as fitting).
 */
export async function selectDraftWords(
  db: Db,
  owner: string,
  language: string,
  level: CefrLevel,
  now = new Date(),
): Promise<{ due: string[]; vocabulary: string[] }> {
  const { rows } = await sql<{ lemma: string; is_due: boolean }>`
    WITH lemmas AS (
      SELECT lemma, min(review_due) FILTER (WHERE review_due <= ${now}) AS due, count(*)::int AS saves
        FROM vocabulary
       WHERE owner = ${owner} AND language = ${language}
         AND (level = ANY(${fittingLevels(level)}::text[]) OR level IS NULL)
       GROUP BY lemma),
    due AS (
      SELECT lemma, row_number() OVER (ORDER BY due, lemma) AS rank FROM lemmas
       WHERE due IS NOT NULL ORDER BY due, lemma LIMIT ${DRAFT_DUE_LIMIT}),
    others AS (
      SELECT lemma, row_number() OVER (ORDER BY saves DESC, lemma) AS rank FROM lemmas
       WHERE lemma NOT IN (SELECT lemma FROM due) ORDER BY saves DESC, lemma
       LIMIT ${DRAFT_VOCABULARY_LIMIT} - (SELECT count(*) FROM due))
    SELECT lemma, is_due FROM (SELECT lemma, true AS is_due, rank FROM due
                               UNION ALL SELECT lemma, false, rank FROM others) words
     ORDER BY is_due DESC, rank`.execute(db);
  const due = rows.filter((row) => row.is_due).map((row) => row.lemma);
  return { due, vocabulary: rows.map((row) => row.lemma) };
}

/**
 * The learner's saved lemmas a draft may use: same language, level at most the target + 1 (unlevelled words
 * count as fitting), the `due` ones first, then the most often saved, at most 50 in all.
 */
export async function selectDraftVocabulary(
  db: Db,
  owner: string,
  language: string,
  level: CefrLevel,
  due: string[] = [],
): Promise<string[]> {
  const rows = await db
    .selectFrom('vocabulary')
    .select(['lemma', sql<number>`count(*)::int`.as('saves')])
    .where('owner', '=', owner)
    .where('language', '=', language)
    .where((eb) => eb.or([eb('level', 'in', fittingLevels(level)), eb('level', 'is', null)]))
    .$if(due.length > 0, (query) => query.where('lemma', 'not in', due))
    .groupBy('lemma')
    .orderBy('saves', 'desc')
    .orderBy('lemma')
    .limit(DRAFT_VOCABULARY_LIMIT - due.length)
    .execute();
  return [...due, ...rows.map((row) => row.lemma)];
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

/** Every saved entry, oldest first, for an export. */
export function exportVocabulary(db: Db, owner: string, language?: string) {
  return db
    .selectFrom('vocabulary')
    .selectAll()
    .where('owner', '=', owner)
    .$if(Boolean(language), (query) => query.where('language', '=', language as string))
    .orderBy('created_at')
    .orderBy('lemma')
    .execute();
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
