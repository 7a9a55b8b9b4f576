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
