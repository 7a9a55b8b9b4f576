import type { NextRequest } from 'next/server';
import { ApiUnavailableError, apiRequest } from '../../../../lib/api-server';
import { isProxiedRoute } from '../../../../lib/proxied-routes';
import { sessionToken } from '../../../../lib/session';

/** Request headers the browser may pass through to the API; the token comes from the cookie, never the page. */
const FORWARDED_REQUEST = ['content-type', 'idempotency-key', 'last-event-id', 'accept', 'range'];
/** With the range headers, the narration player can seek. */
const FORWARDED_RESPONSE = [
  'content-type',
  'content-disposition',
  'location',
  'retry-after',
  'accept-ranges',
  'content-range',
  'content-length',
];

async function forward(request: NextRequest, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const apiPath = `/${path.map(encodeURIComponent).join('/')}`;
  if (!isProxiedRoute(request.method, apiPath)) {
    return Response.json(
      { error: { code: 'not_found', message: `The web does not forward ${request.method} ${apiPath}` } },
      { status: 404 },
    );
  }
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  try {
    const upstream = await apiRequest(
      `${apiPath}${request.nextUrl.search}`,
      {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : undefined,
        signal: request.signal,
      },
      await sessionToken(),
    );
    const responseHeaders = new Headers();
    for (const name of FORWARDED_RESPONSE) {
      const value = upstream.headers.get(name);
      if (value) responseHeaders.set(name, value);
    }
    // A learner's data: no browser or shared cache keeps it (no-transform: no proxy buffers a stream).
    responseHeaders.set('cache-control', 'no-store, no-transform');
    // Streamed as it arrives, so Server-Sent Events pass through live.
    return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
  } catch (error) {
    if (!(error instanceof ApiUnavailableError)) throw error;
    return Response.json({ error: { code: 'api_unavailable', message: error.message } }, { status: 503 });
  }
}

export const dynamic = 'force-dynamic';
export { forward as DELETE, forward as GET, forward as PATCH, forward as POST };
