import { Router } from 'express';
import { z } from 'zod';
import { createUser, findUserByEmail, insertToken, recordLogin } from '../../db/queries/users';
import { hashPassword, passwordSchema, verifyPassword } from '../auth/passwords';
import { currentUser, hashToken, newToken, requireUser } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { parseInput } from '../validation';

export const emailSchema = z.email({ message: 'email must be a valid email address' }).max(254);
export const registerSchema = z.object({ email: emailSchema, password: passwordSchema });
export const loginSchema = z.object({
  email: z.string({ message: 'email is required' }).min(1, { message: 'email is required' }),
  password: z.string({ message: 'password is required' }).min(1, { message: 'password is required' }),
});

export function authRoutes(deps: ApiDeps, limitWork: import('express').RequestHandler): Router {
  const router = Router();
  const issue = async (userId: string) => {
    const token = newToken();
    const expiresAt = await insertToken(deps.db, userId, hashToken(token), deps.config.api.tokenTtlDays);
    return { token, expiresAt };
  };

  router.post('/auth/register', limitWork, async (req, res) => {
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

  router.post('/auth/login', limitWork, async (req, res) => {
    const { email, password } = parseInput(loginSchema, req.body, 'body');
    const user = await findUserByEmail(deps.db, email);
    if (!(await verifyPassword(user?.password_hash, password)) || !user) {
      throw new HttpError(401, 'invalid_credentials', 'The email or the password is wrong');
    }
    await recordLogin(deps.db, user.id);
    res.json({ user: { id: user.id, email: user.email }, ...(await issue(user.id)) });
  });

  router.get('/auth/me', requireUser(deps), (req, res) => {
    res.json({ user: currentUser(req) });
  });
  return router;
}
