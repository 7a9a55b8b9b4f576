import { type NextRequest, NextResponse } from 'next/server';
import { HSTS, servedOverHttps } from './lib/https';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A per-request nonce lets Next.js's own inline scripts run and nothing else; no page may frame ours. */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // React and Recharts set style attributes, which nonces cannot cover.
    "style-src 'self' 'unsafe-inline'",
    // Article images from third parties are never loaded: the reader shows their link instead.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Browsers say where a request comes from (Sec-Fetch-Site, else Origin); a state-changing request from another
 * site is refused before it reaches a route. Clients that send neither (curl, the CLI) are not browsers, and
 * cannot carry a victim's cookie.
 */
function crossSiteRefusal(request: NextRequest): NextResponse | undefined {
  if (!STATE_CHANGING.has(request.method)) return undefined;
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  const sameSite = site
    ? site === 'same-origin' || site === 'none'
    : !origin || (URL.canParse(origin) && new URL(origin).host === host);
  if (sameSite) return undefined;
  return NextResponse.json(
    { error: { code: 'cross_site_request', message: 'Requests from other sites are refused' } },
    { status: 403 },
  );
}

export function proxy(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  // Next.js reads the nonce for its scripts from the request's policy.
  headers.set('content-security-policy', policy);
  headers.set('x-nonce', nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  response.headers.set('referrer-policy', 'no-referrer');
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('x-frame-options', 'DENY');
  if (servedOverHttps()) response.headers.set('strict-transport-security', HSTS);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|icon.svg).*)' }],
};
