import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { findUserByTokenHash } from '../../db/queries/users';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';

export function newToken(): string {
  return `opad_${randomBytes(32).toString('base64url')}`;
}

/** Only this hash is stored, so a leaked table yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthUser {
  id: string;
  email: string;
  /** The token this request came with, so sign-out and a password change know which one it is. */
  tokenId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

export function currentUser(req: { user?: AuthUser }): AuthUser {
  if (!req.user)
    throw new HttpError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
  return req.user;
}

/** Every data route: a valid, unexpired bearer token or 401. */
export function requireUser(deps: ApiDeps): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = header.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new HttpError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
    const user = await findUserByTokenHash(deps.db, hashToken(match[1] as string));
    if (!user)
      throw new HttpError(401, 'invalid_token', 'The token is unknown or has expired; sign in again');
    req.user = { id: user.id, email: user.email, tokenId: user.token_id };
    next();
  };
}
