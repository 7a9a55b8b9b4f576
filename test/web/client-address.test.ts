import path from 'node:path';
import { freePort } from '../../stack/ports';
import { startWeb } from '../../stack/web';
import { useWebHarness } from '../helpers/web-harness';

// Three sign-ins a minute per address, so a shared bucket shows after three.
const web = useWebHarness({ api: { rateLimitPerMinute: 3 } });

let emails = 0;
/** A failed sign-in through the web, claiming to come from `claimed`. */
function signIn(webUrl: string, claimed: string) {
  return fetch(`${webUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': claimed },
    body: JSON.stringify({ mode: 'login', email: `nobody${++emails}@example.com`, password: 'not the one' }),
  }).then((res) => res.status);
}

test('the web passes on the address it saw, never one the client claims', async () => {
  // Four claimed addresses, one real one (this test's socket): the API counts them as one client.
  const statuses = [];
  for (const claimed of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'])
    statuses.push(await signIn(web.url, claimed));
  expect(statuses).toEqual([401, 401, 401, 429]);
});

test('behind a proxy it trusts, the web believes that proxy’s X-Forwarded-For, one bucket per client', async () => {
  // The test's socket (loopback) plays the TLS proxy in front of the web.
  const port = await freePort();
  const fronted = await startWeb({
    port,
    apiUrl: web.api.baseUrl,
    trustedProxies: 'loopback',
    logFile: path.join(web.api.dir, 'web-fronted.log'),
  });
  try {
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await signIn(fronted.url, '203.0.113.7'));
    expect(first).toEqual([401, 401, 401, 429]);
    // Another client of the same proxy has its own bucket; a client-sent address before the proxy's is ignored.
    expect(await signIn(fronted.url, '203.0.113.7, 203.0.113.8')).toBe(401);
  } finally {
    await fronted.stop();
  }
});
