import 'server-only';
import { headers as requestHeaders } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { webConfig } from './config';
import { requireSession, sessionToken } from './session';

export class ApiUnavailableError extends Error {}

/** A request to the opad API from the web's server side, with the signed-in user's token. */
export async function apiRequest(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
  const { OPAD_API_URL } = webConfig();
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  // The API limits sign-ins per client address; it believes this header only from the web's own address.
  const client = (await requestHeaders()).get('x-forwarded-for');
  if (client) headers.set('x-forwarded-for', client);
  try {
    return await fetch(`${OPAD_API_URL}${path}`, { ...init, headers, cache: 'no-store' });
  } catch {
    throw new ApiUnavailableError(`The opad API at ${OPAD_API_URL} is not answering; is it running?`);
  }
}

/** GET as the signed-in user: sign-in page on 401, not-found page on 404, the error page on any other failure. */
async function signedIn(path: string): Promise<Response> {
  const response = await apiRequest(path, {}, await requireSession());
  if (response.status === 401) redirect('/login?expired=1');
  if (response.status === 404) notFound();
  if (!response.ok) throw new Error(`The API answered ${response.status} for ${path}`);
  return response;
}

export async function apiGet<T>(path: string): Promise<T> {
  return (await (await signedIn(path)).json()) as T;
}

export async function apiGetText(path: string): Promise<string> {
  return (await signedIn(path)).text();
}

/** The signed-in user, or undefined when there is no valid session. */
export async function currentUser(): Promise<{ id: string; email: string } | undefined> {
  const token = await sessionToken();
  if (!token) return undefined;
  try {
    const response = await apiRequest('/auth/me', {}, token);
    if (!response.ok) return undefined;
    return ((await response.json()) as { user: { id: string; email: string } }).user;
  } catch (error) {
    if (error instanceof ApiUnavailableError) return undefined;
    throw error;
  }
}
