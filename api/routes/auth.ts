import { Router } from 'express';
import { z } from 'zod';
import {
  changePassword,
  createUser,
  findUserByEmail,
  findUserById,
  insertToken,
  recordLogin,
  revokeToken,
} from '../../db/queries/users';
import { hashPassword, passwordSchema, verifyPassword } from '../auth/passwords';
import { currentUser, hashToken, newToken, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { parseInput } from '../validation';

export const emailSchema = z.email({ message: 'email must be a valid email address' }).max(254);
export const registerSchema = z.object({ email: emailSchema, password: passwordSchema });
export const passwordChangeSchema = z.object({
  currentPassword: z.string({ message: 'currentPassword is required' }).min(1, {
    message: 'currentPassword is required',
  }),
  newPassword: passwordSchema,
});
export const loginSchema = z.object({
  email: z.string({ message: 'email is required' }).min(1, { message: 'email is required' }),
  password: z.string({ message: 'password is required' }).min(1, { message: 'password is required' }),
});

export function authRoutes(deps: ApiDeps): Router {
  const router = Router();
  const issue = async (userId: string) => {
    const token = newToken();
    const expiresAt = await insertToken(deps.db, userId, hashToken(token), deps.config.api.tokenTtlDays);
    return { token, expiresAt };
  };

  router.post('/auth/register', deps.limits.register, async (req, res) => {
    const { email, password } = parseInput(registerSchema, req.body, 'body');
    if (password.toLowerCase().includes(email.split('@')[0]?.toLowerCase() ?? '')) {
      throw new HttpError(
        400,
        'invalid_request',
        'Invalid body: password: password must not contain your email name',
        {
          fields: { password: 'password must not contain your email name' },
        },
      );
    }
    const user = await createUser(deps.db, email, await hashPassword(password));
    if (!user)
      throw new HttpError(409, 'email_taken', 'An account with this email already exists; sign in instead');
    res.status(201).json({ user: { id: user.id, email: user.email }, ...(await issue(user.id)) });
  });

  router.post('/auth/login', deps.limits.login, async (req, res) => {
    const { email, password } = parseInput(loginSchema, req.body, 'body');
    await deps.limits.failedLogins.check(email);
    const user = await findUserByEmail(deps.db, email);
    if (!(await verifyPassword(user?.password_hash, password)) || !user) {
      await deps.limits.failedLogins.failed(email);
      throw new HttpError(401, 'invalid_credentials', 'The email or the password is wrong');
    }
    await Promise.all([recordLogin(deps.db, user.id), deps.limits.failedLogins.succeeded(email)]);
    res.json({ user: { id: user.id, email: user.email }, ...(await issue(user.id)) });
  });

  router.get('/auth/me', requireUser(deps), (req, res) => {
    const { id, email } = currentUser(req);
    res.json({ user: { id, email } });
  });

  /** Revokes the token the request came with; the others (other devices) stay signed in. */
  router.post('/auth/logout', requireUser(deps), async (req, res) => {
    await revokeToken(deps.db, currentUser(req).tokenId);
    res.status(204).end();
  });

  /** A new password revokes every other token: whoever else held one must sign in again. */
  router.post('/auth/password', requireUser(deps), deps.limits.login, async (req, res) => {
    const { currentPassword, newPassword } = parseInput(passwordChangeSchema, req.body, 'body');
    const user = currentUser(req);
    await deps.limits.failedLogins.check(user.email);
    const stored = await findUserById(deps.db, user.id);
    if (!stored || !(await verifyPassword(stored.password_hash, currentPassword))) {
      await deps.limits.failedLogins.failed(user.email);
      throw new HttpError(
        403,
        'invalid_credentials',
        'The current password is wrong; the password was not changed',
      );
    }
    const revoked = await changePassword(deps.db, user.id, await hashPassword(newPassword), user.tokenId);
    res.json({ revokedTokens: revoked });
  });
  return router;
}
