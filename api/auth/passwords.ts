import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 10;

const COMMON = new Set([
  'password123',
  '1234567890',
  'qwertyuiop',
  'password1234',
  '0123456789',
  'iloveyou12',
]);

export const passwordSchema = z
  .string({ message: 'password must be text' })
  .min(MIN_PASSWORD_LENGTH, { message: `password must have at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(200, { message: 'password must have at most 200 characters' })
  .refine((password) => new Set(password).size >= 4, {
    message: 'password must use at least 4 different characters',
  })
  .refine((password) => !COMMON.has(password.toLowerCase()), { message: 'password is too common' });

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified when the email is unknown, so a failed login takes as long whether or not the account exists.
const DUMMY_HASH = hash('opad-dummy-password-for-timing');

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await DUMMY_HASH, password);
    return false;
  }
  return verify(passwordHash, password);
}
