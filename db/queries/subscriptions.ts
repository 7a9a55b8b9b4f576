import { sql } from 'kysely';
import type { Db } from '../connect';
import type { Subscription } from '../schema';

export interface SubscriptionFields {
  language: string;
  level: string;
  length: number;
  topics: string[];
  surprise: boolean;
  timeOfDay: string;
  timeZone: string;
}

const columns = (fields: Partial<SubscriptionFields>) => ({
  ...(fields.language !== undefined ? { language: fields.language } : {}),
  ...(fields.level !== undefined ? { level: fields.level } : {}),
  ...(fields.length !== undefined ? { length: fields.length } : {}),
  ...(fields.topics !== undefined ? { topics: JSON.stringify(fields.topics) } : {}),
  ...(fields.surprise !== undefined ? { surprise: fields.surprise } : {}),
  ...(fields.timeOfDay !== undefined ? { time_of_day: fields.timeOfDay } : {}),
  ...(fields.timeZone !== undefined ? { time_zone: fields.timeZone } : {}),
});

export function insertSubscription(db: Db, owner: string, fields: SubscriptionFields): Promise<Subscription> {
  return db
    .insertInto('subscriptions')
    .values({ owner, ...(columns(fields) as Required<ReturnType<typeof columns>>) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listSubscriptions(db: Db, owner: string): Promise<Subscription[]> {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('owner', '=', owner)
    .orderBy('created_at')
    .execute();
}

export function findSubscription(db: Db, id: string): Promise<Subscription | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOwnedSubscription(db: Db, owner: string, id: string): Promise<Subscription | undefined> {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where('owner', '=', owner)
    .executeTakeFirst();
}

/** Locks the row for the rest of the transaction, so two edits of one schedule apply one after the other. */
export function lockOwnedSubscription(db: Db, owner: string, id: string): Promise<Subscription | undefined> {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where('owner', '=', owner)
    .forUpdate()
    .executeTakeFirst();
}

export function updateSubscription(
  db: Db,
  id: string,
  fields: Partial<SubscriptionFields> & { paused?: boolean },
): Promise<Subscription> {
  return db
    .updateTable('subscriptions')
    .set({
      ...columns(fields),
      ...(fields.paused !== undefined ? { paused: fields.paused } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteSubscription(db: Db, id: string): Promise<void> {
  await db.deleteFrom('subscriptions').where('id', '=', id).execute();
}

/** The article already made for this subscription and local day, if any. */
export async function findRun(
  db: Db,
  subscriptionId: string,
  localDate: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('subscription_runs')
    .select('article_id')
    .where('subscription_id', '=', subscriptionId)
    .where('local_date', '=', sql<Date>`${localDate}::date`)
    .executeTakeFirst();
  return row?.article_id;
}

/** Records the day's article; a second firing for the same day keeps the first one's. */
export async function recordRun(
  db: Db,
  run: { subscriptionId: string; localDate: string; owner: string; articleId: string },
): Promise<string> {
  await db
    .insertInto('subscription_runs')
    .values({
      subscription_id: run.subscriptionId,
      local_date: run.localDate,
      owner: run.owner,
      article_id: run.articleId,
    })
    .onConflict((oc) => oc.columns(['subscription_id', 'local_date']).doNothing())
    .execute();
  return (await findRun(db, run.subscriptionId, run.localDate)) ?? run.articleId;
}
