import { cookies } from 'next/headers';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiUnavailableError, apiRequest } from '../../../lib/api-server';
import { servedOverHttps, tokenCookieName } from '../../../lib/https';
import { sessionToken } from '../../../lib/session';

const signInSchema = z.object({
  mode: z.enum(['login', 'register']),
  email: z.string(),
  password: z.string(),
});

/** Signs in or registers through the API and keeps the token in an httpOnly cookie. */
export async function POST(request: NextRequest) {
  // Only JSON: a form of another site can send text/plain that parses as JSON, but not this content type.
  if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return Response.json(
      { error: { code: 'unsupported_media_type', message: 'Send the sign-in as application/json' } },
      { status: 415 },
    );
  }
  const parsed = signInSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    return Response.json(
      { error: { code: 'invalid_request', message: 'Send mode, email and password' } },
      { status: 400 },
    );
  }
  const { mode, email, password } = parsed.data;
  const post = (route: string) =>
    apiRequest(route, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  let upstream: Response;
  try {
    // Registration answers alike for a new and a taken email and gives no token: the web signs in next.
    if (mode === 'register') {
      const registered = await post('/auth/register');
      if (!registered.ok) return Response.json(await registered.json(), { status: registered.status });
    }
    upstream = await post('/auth/login');
  } catch (error) {
    if (!(error instanceof ApiUnavailableError)) throw error;
    return Response.json({ error: { code: 'api_unavailable', message: error.message } }, { status: 503 });
  }
  const body = await upstream.json();
  if (mode === 'register' && upstream.status === 401) {
    return Response.json(
      {
        error: {
          code: 'invalid_credentials',
          message:
            'Could not sign in with this email and password. If the email already has an account, sign in with its password, or ask the operator to reset it.',
        },
      },
      { status: 401 },
    );
  }
  if (!upstream.ok) return Response.json(body, { status: upstream.status });
  // Over https the name carries the __Host- prefix: Secure, this host only, path / (web/lib/https.ts).
  (await cookies()).set(tokenCookieName(), body.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: servedOverHttps(),
    path: '/',
    expires: new Date(body.expiresAt),
  });
  return Response.json({ user: body.user });
}

/** Signs out: the API revokes the token, then the cookie goes. An API that is down still loses the cookie. */
export async function DELETE() {
  const token = await sessionToken();
  if (token) await apiRequest('/auth/logout', { method: 'POST' }, token).catch(() => undefined);
  (await cookies()).delete({ name: tokenCookieName(), path: '/', secure: servedOverHttps() });
  return new Response(null, { status: 204 });
}
