import { useWebHarness } from '../helpers/web-harness';

// The web told it is served over https (a TLS proxy in front of it); the test talks plain http to it directly.
const web = useWebHarness({ web: { https: true } });

test('over https the session cookie is __Host- (Secure, this host, path /) and every page sends HSTS', async () => {
  const signIn = await fetch(`${web.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      mode: 'register',
      email: 'secure@example.com',
      password: 'correct horse battery',
    }),
  });
  expect(signIn.status).toBe(200);
  const setCookie = signIn.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^__Host-opad_token=opad_/);
  const attributes = setCookie.split(';').map((part) => part.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'path=/', 'samesite=lax']));
  expect(attributes.some((attribute) => attribute.startsWith('domain='))).toBe(false);

  for (const page of ['/login', '/'])
    expect((await fetch(`${web.url}${page}`)).headers.get('strict-transport-security')).toBe(
      'max-age=31536000',
    );

  // The web reads the token from that cookie, and only from it.
  const cookie = setCookie.split(';')[0] as string;
  const exported = await fetch(`${web.url}/api/opad/vocabulary/export`, { headers: { cookie } });
  expect(exported.status).toBe(200);
  expect(exported.headers.get('cache-control')).toBe('no-store, no-transform');
  const unprefixed = await fetch(`${web.url}/api/opad/vocabulary/export`, {
    headers: { cookie: cookie.replace('__Host-', '') },
  });
  expect(unprefixed.status).toBe(401);

  const signOut = await fetch(`${web.url}/api/session`, { method: 'DELETE', headers: { cookie } });
  expect(signOut.status).toBe(204);
  expect(signOut.headers.get('set-cookie')).toMatch(/^__Host-opad_token=;/);
});
