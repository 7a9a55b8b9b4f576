import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Headers through which a client could claim another address, host or scheme. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
] as const;

export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * The proxies in front of the web whose X-Forwarded-For is believed, as a comma-separated list of addresses,
 * subnets or the names `loopback`, `linklocal` and `uniquelocal` (the same syntax as the API's
 * API_TRUSTED_PROXIES). Empty: none, the web faces clients itself.
 */
export function compileTrustedProxies(list: string): TrustFunction {
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return proxyaddr.compile(entries);
}

/**
 * Rewrites the request's forwarding headers before Next.js sees them. Next.js keeps a client-sent
 * X-Forwarded-For, and the web passes that header on to the API, whose sign-in limits count per address: so the
 * header becomes the one address the web believes, the socket's peer, or, when that peer is a trusted proxy, the
 * nearest address in its X-Forwarded-For that is not itself trusted. From an untrusted peer, the other
 * forwarding headers go too, and Next.js fills them in from the socket.
 */
export function rewriteForwardingHeaders(req: IncomingMessage, trust: TrustFunction): void {
  const peer = req.socket.remoteAddress ?? '';
  const client = proxyaddr(req, trust);
  if (!trust(peer, 0)) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers['x-forwarded-for'] = client;
}
