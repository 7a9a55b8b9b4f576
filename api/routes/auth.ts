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
import { addressBucket } from '../client-address';
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
  email: z
    .string({ message: 'email is required' })
    .min(1, { message: 'email is required' })
    .max(254, { message: 'email must have at most 254 characters' }),
  password: z.string({ message: 'password is required' }).min(1, { message: 'password is required' }),
});

/** The one answer to every well-formed registration, whether or not the email already had an account. */
export const REGISTERED = {
  status: 'accepted',
  message:
    'If this email had no account, it has one now with this password: sign in with them. An existing account is not changed.',
} as const;

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
    // The password is hashed whether or not the email is taken, and the answer is the same: registration
    // does not tell who has an account (decision 027). An existing account is left as it was.
    await createUser(deps.db, email, await hashPassword(password));
    res.status(202).json(REGISTERED);
  });

  router.post('/auth/login', deps.limits.login, async (req, res) => {
    const { email, password } = parseInput(loginSchema, req.body, 'body');
    const source = addressBucket(req);
    await deps.limits.failedLogins.check(email, source);
    const user = await findUserByEmail(deps.db, email);
    if (!(await verifyPassword(user?.password_hash, password)) || !user) {
      await deps.limits.failedLogins.failed(email, source);
      throw new HttpError(401, 'invalid_credentials', 'The email or the password is wrong');
    }
    await Promise.all([recordLogin(deps.db, user.id), deps.limits.failedLogins.succeeded(email, source)]);
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
    // Per source like sign-in: failures elsewhere never block the learner's own change.
    const source = addressBucket(req);
    await deps.limits.failedLogins.check(user.email, source);
    const stored = await findUserById(deps.db, user.id);
    if (!stored || !(await verifyPassword(stored.password_hash, currentPassword))) {
      await deps.limits.failedLogins.failed(user.email, source);
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
