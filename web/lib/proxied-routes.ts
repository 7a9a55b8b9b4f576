import { match } from 'path-to-regexp';

/**
 * The API routes the browser reaches through the web's proxy (/api/opad/...): exactly the ones the web's own
 * pages call from the browser. Everything else (metrics, the sign-in routes, whatever the API adds later) is
 * refused by the web, so a route is exposed to browsers only when someone adds it here on purpose. Pages that
 * render on the server call the API directly and need no entry.
 */
const PROXIED: Record<string, readonly string[]> = {
  GET: ['/articles/:id/audio', '/jobs/:jobId/events', '/vocabulary/export'],
  POST: [
    '/articles',
    '/articles/:id/answers',
    '/articles/:id/read',
    '/articles/:id/retry',
    '/articles/:id/cancel',
    '/dictionary/lookup',
    '/vocabulary',
    '/subscriptions',
    '/review/:entryId',
  ],
  PATCH: ['/subscriptions/:id'],
  DELETE: ['/articles/:id', '/vocabulary/:id', '/subscriptions/:id'],
};

const MATCHERS = Object.fromEntries(
  Object.entries(PROXIED).map(([method, paths]) => [method, paths.map((path) => match(path))]),
);

/** Whether the proxy forwards `method path` (the path as the API sees it, without the query). */
export function isProxiedRoute(method: string, path: string): boolean {
  // A `.` or `..` segment would be resolved by the URL parser after the check, into another route.
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return false;
  return (MATCHERS[method.toUpperCase()] ?? []).some((matches) => matches(path) !== false);
}
