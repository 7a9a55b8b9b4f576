import { sql } from 'kysely';
import type { Db } from '../connect';
import type { Article } from '../schema';

/** The learner's day is in their first subscription's time zone; without one, UTC. */
export async function learnerTimeZone(db: Db, owner: string): Promise<string> {
  const row = await db
    .selectFrom('subscriptions')
    .select('time_zone')
    .where('owner', '=', owner)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

/** The first read of an article counts; opening it again changes nothing. True when this read was the first. */
export async function recordRead(
  db: Db,
  owner: string,
  articleId: string,
  localDate: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('article_reads')
    .values({ owner, article_id: articleId, read_on: localDate })
    .onConflict((oc) => oc.columns(['owner', 'article_id']).doNothing())
    .returning('article_id')
    .executeTakeFirst();
  return Boolean(inserted);
}

/** The local days with a read, newest first (YYYY-MM-DD), as far back as a streak could reach. */
export async function readDays(db: Db, owner: string, limit = 400): Promise<string[]> {
  const rows = await db
    .selectFrom('article_reads')
    .select(sql<string>`read_on::text`.as('day'))
    .distinct()
    .where('owner', '=', owner)
    .orderBy('day', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.day);
}

export async function wasRead(db: Db, owner: string, articleId: string): Promise<boolean> {
  const row = await db
    .selectFrom('article_reads')
    .select('article_id')
    .where('owner', '=', owner)
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Today's story: the article a subscription made for this local day; without one, the newest article the
 * learner asked for today.
 */
export async function todaysArticle(
  db: Db,
  owner: string,
  localDate: string,
  timeZone: string,
): Promise<Article | undefined> {
  const scheduled = await db
    .selectFrom('subscription_runs as r')
    .innerJoin('articles as a', 'a.id', 'r.article_id')
    .selectAll('a')
    .where('r.owner', '=', owner)
    .where('r.local_date', '=', sql<Date>`${localDate}::date`)
    .where('a.deleted_at', 'is', null)
    .orderBy('r.created_at')
    .executeTakeFirst();
  if (scheduled) return scheduled;
  return db
    .selectFrom('articles')
    .selectAll()
    .where('owner', '=', owner)
    .where('deleted_at', 'is', null)
    .where(sql<string>`(created_at AT TIME ZONE ${timeZone})::date::text`, '=', localDate)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}
