import dns from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent, fetch } from 'undici';

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}

/** The page answered with an error status. */
export class PageStatusError extends Error {
  override name = 'PageStatusError';

  constructor(
    readonly status: number,
    url: URL,
  ) {
    super(`HTTP ${status} from ${url.href}`);
  }
}

/** Only globally routable unicast addresses count as public; private, loopback and link-local do not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

type LookupCallback = (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * Checks the address at connect time, after DNS, so a name that resolves (or re-resolves) to a private
 * address is refused too.
 */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked)
      return callback(new BlockedAddressError(`${hostname} resolves to non-public ${blocked.address}`), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0] as dns.LookupAddress;
    callback(null, first.address, first.family);
  });
}

const publicOnlyAgent = new Agent({ connect: { lookup: guardedLookup as never } });
const anyAgent = new Agent();

export interface SafeFetchOptions {
  allowPrivateNetworks: boolean;
  signal?: AbortSignal;
  maxBytes?: number;
  maxRedirects?: number;
}

function assertFetchable(url: URL, allowPrivateNetworks: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BlockedAddressError(`only http and https pages are fetched, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateNetworks && ipaddr.isValid(host) && !isPublicAddress(host)) {
    throw new BlockedAddressError(`${host} is not a public address`);
  }
}

/** Reads a body as it streams in and stops (closing the connection) as soon as it passes the cap. */
async function readCapped(
  body: AsyncIterable<Uint8Array> | null,
  maxBytes: number,
  url: URL,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body ?? []) {
    size += chunk.length;
    // Leaving the loop cancels the stream, so a page that never ends costs no more than the cap.
    if (size > maxBytes) throw new Error(`${url.href} is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** GETs a web page with every hop checked against the address rules, and a cap on the body size. */
export async function safeFetchText(
  rawUrl: string,
  options: SafeFetchOptions,
): Promise<{ url: string; contentType: string; body: string }> {
  const { allowPrivateNetworks, signal, maxBytes = 3_000_000, maxRedirects = 5 } = options;
  let url = new URL(rawUrl);
  for (let hop = 0; hop <= maxRedirects; hop++) {
    assertFetchable(url, allowPrivateNetworks);
    const response = await fetch(url, {
      redirect: 'manual',
      signal,
      dispatcher: allowPrivateNetworks ? anyAgent : publicOnlyAgent,
      headers: { 'user-agent': 'opad/0.1 (+reading practice)', accept: 'text/html,application/xhtml+xml' },
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new PageStatusError(response.status, url);
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new Error(`${url.href} is larger than ${maxBytes} bytes`);
    }
    return {
      url: url.href,
      contentType: response.headers.get('content-type') ?? '',
      body: (await readCapped(response.body, maxBytes, url)).toString('utf8'),
    };
  }
  throw new Error(`too many redirects from ${rawUrl}`);
}
