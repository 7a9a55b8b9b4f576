import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';

/**
 * IPv6 hosts get a whole /64 (often more), so one client can use as many addresses as it likes inside it: limits
 * count the /64, never the full address. IPv4 (and IPv4-mapped IPv6) addresses count as themselves.
 */
export const IPV6_LIMIT_PREFIX = 64;

/** The bucket of the request's client address for the abuse limits (req.ip honours API_TRUSTED_PROXIES). */
export function addressBucket(req: Request): string {
  return `ip:${ipKeyGenerator(req.ip ?? 'unknown', IPV6_LIMIT_PREFIX)}`;
}
