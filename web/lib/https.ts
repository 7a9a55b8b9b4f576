import { z } from 'zod';

/**
 * OPAD_WEB_HTTPS: browsers reach the web over https (directly or through a TLS proxy in front of it). Then the
 * session cookie is `__Host-opad_token`, which browsers accept only as Secure, for this host and path `/`, and
 * pages send HSTS. Unset (local http, `npm start`), the cookie is `opad_token` without Secure, which browsers
 * would refuse over plain http. Decision 028.
 */
const httpsSchema = z.stringbool({ error: 'OPAD_WEB_HTTPS must be true or false' }).default(false);

export function servedOverHttps(): boolean {
  return httpsSchema.parse(process.env.OPAD_WEB_HTTPS);
}

export function tokenCookieName(): string {
  return servedOverHttps() ? '__Host-opad_token' : 'opad_token';
}

/** A year; no includeSubDomains, since the operator's other hosts under the same domain are not opad's to bind. */
export const HSTS = 'max-age=31536000';
