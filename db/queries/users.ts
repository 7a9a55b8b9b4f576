import { sql } from 'kysely';
import type { Db } from '../connect';

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** Returns undefined when the email is taken (case-insensitively). */
export async function createUser(db: Db, email: string, passwordHash: string) {
  return db
    .insertInto('users')
    .values({ email, password_hash: passwordHash })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(['id', 'email', 'created_at'])
    .executeTakeFirst();
}

export async function recordLogin(db: Db, userId: string): Promise<void> {
  await db.updateTable('users').set({ last_login: sql<Date>`now()` }).where('id', '=', userId).execute();
}

export async function insertToken(db: Db, userId: string, tokenHash: string, ttlDays: number): Promise<Date> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      token_hash: tokenHash,
      expires_at: sql<Date>`now() + make_interval(days => ${ttlDays})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return row.expires_at;
}

/** The user behind a live token; expired tokens find nothing. */
export function findUserByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.email', 'users.created_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}
