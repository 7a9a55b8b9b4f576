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

/** How often a token's `last_used_at` is written at most: reads stay reads between two writes. */
const LAST_USED_RESOLUTION = '5 minutes';

/**
 * The user behind a live token; expired or revoked tokens find nothing. One statement also keeps the token's
 * `last_used_at`, written at most once per LAST_USED_RESOLUTION.
 */
export async function findUserByTokenHash(db: Db, tokenHash: string) {
  const { rows } = await sql<{ id: string; email: string; token_id: string }>`
    WITH touched AS (
      UPDATE api_tokens SET last_used_at = now()
       WHERE token_hash = ${tokenHash} AND expires_at > now()
         AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USED_RESOLUTION}::interval))
    SELECT u.id, u.email, t.id AS token_id FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ${tokenHash} AND t.expires_at > now()`.execute(db);
  return rows[0];
}

/** Sign-out: the token stops working at once. */
export async function revokeToken(db: Db, tokenId: string): Promise<void> {
  await db.deleteFrom('api_tokens').where('id', '=', tokenId).execute();
}

/** A new password, and every token but the one in use revoked, in one transaction. */
export async function changePassword(
  db: Db,
  userId: string,
  passwordHash: string,
  keepTokenId: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    const revoked = await trx
      .deleteFrom('api_tokens')
      .where('user_id', '=', userId)
      .where('id', '!=', keepTokenId)
      .executeTakeFirst();
    return Number(revoked.numDeletedRows);
  });
}

export function findUserById(db: Db, userId: string) {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/**
 * An operator's reset (`opad admin reset-password`): a new password and every token of the account revoked, in
 * one transaction. Undefined when no account has the email.
 */
export async function resetPassword(
  db: Db,
  email: string,
  passwordHash: string,
): Promise<{ userId: string; email: string; revokedTokens: number } | undefined> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .returning(['id', 'email'])
      .executeTakeFirst();
    if (!user) return undefined;
    const revoked = await trx.deleteFrom('api_tokens').where('user_id', '=', user.id).executeTakeFirst();
    return { userId: user.id, email: user.email, revokedTokens: Number(revoked.numDeletedRows) };
  });
}
