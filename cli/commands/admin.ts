import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { forgetFailedLogins } from '../../api/auth/failed-logins';
import { hashPassword, passwordSchema } from '../../api/auth/passwords';
import { APPLICATION_NAMES, connectDb } from '../../db/connect';
import { resetPassword as resetInDatabase } from '../../db/queries/users';
import type { Context } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { println } from '../io';

export interface ResetPasswordOptions {
  email: string;
  password?: string;
  databaseUrl?: string;
}

/** 20 characters from 120 random bits: no rule of passwordSchema can refuse it in practice. */
const temporaryPassword = () => randomBytes(15).toString('base64url');

function databaseUrl(options: ResetPasswordOptions, env: NodeJS.ProcessEnv): string {
  const url = options.databaseUrl ?? env.DATABASE_URL;
  if (!url || !URL.canParse(url))
    throw new UsageError('the database is needed: this command changes it directly', [
      'pass --database-url or set DATABASE_URL to the URL the API uses (postgres://…)',
    ]);
  return url;
}

/**
 * `opad admin reset-password`: no mail is sent, so an operator, who holds the database URL anyway, sets a new
 * password on the database itself (no network route can do it), revokes every token of the account and forgets
 * its failed sign-ins. The password is one the operator chose or a fresh random one, printed once, to hand
 * over. Decision 027.
 */
export async function resetPassword(
  ctx: Context,
  options: ResetPasswordOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const email = z.email().max(254).safeParse(options.email.trim());
  if (!email.success) throw new UsageError(`not an email address: ${options.email}`);
  const chosen = options.password ?? env.OPAD_PASSWORD;
  if (chosen) {
    const valid = passwordSchema.safeParse(chosen);
    if (!valid.success) throw new UsageError(`the password is refused: ${valid.error.issues[0]?.message}`);
  }
  const password = chosen || temporaryPassword();
  const db = connectDb(databaseUrl(options, env), 1, APPLICATION_NAMES.admin);
  try {
    const reset = await resetInDatabase(db, email.data, await hashPassword(password));
    if (!reset) throw new CliError(`no account has the email ${email.data}; nothing was changed`);
    await forgetFailedLogins(db, email.data);
    println(
      ctx.io.out,
      `password of ${reset.email} reset; ${reset.revokedTokens} token(s) revoked, so every device must sign in again`,
    );
    if (!chosen) {
      println(ctx.io.out, `new password: ${password}`);
      println(ctx.io.out, 'hand it over in person or another private way; it is shown only this once');
    }
    return EXIT.ok;
  } finally {
    await db.destroy();
  }
}
