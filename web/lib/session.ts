import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';

/** The API token lives in an httpOnly cookie: page scripts never see it. */
export const TOKEN_COOKIE = 'opad_token';

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(TOKEN_COOKIE)?.value;
}

export async function requireSession(): Promise<string> {
  const token = await sessionToken();
  if (!token) redirect('/login');
  return token;
}
