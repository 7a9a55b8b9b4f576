import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { tokenCookieName } from './https';

/** The API token lives in an httpOnly cookie: page scripts never see it. */
export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(tokenCookieName())?.value;
}

export async function requireSession(): Promise<string> {
  const token = await sessionToken();
  if (!token) redirect('/login');
  return token;
}
