import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useWebHarness } from '../helpers/web-harness';

const web = useWebHarness();

/** A page on another site (another port is another origin) that submits `form` as soon as it loads. */
async function hostileSite(form: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><body>${form}<script>document.forms[0].submit()</script></body>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('pages carry a strict Content-Security-Policy that forbids framing, with a fresh nonce each time', async () => {
  const [first, second] = [await fetch(`${web.url}/login`), await fetch(`${web.url}/login`)];
  const policy = first.headers.get('content-security-policy') ?? '';
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toContain('unsafe-eval');
  expect(second.headers.get('content-security-policy')).not.toBe(policy);
  expect(first.headers.get('referrer-policy')).toBe('no-referrer');
  expect(first.headers.get('x-frame-options')).toBe('DENY');
});

test('a cross-site form cannot sign someone in or start a generation with their cookie', async () => {
  const email = `csrf-${Date.now()}@example.com`;
  // The classic text/plain trick: the form's body parses as JSON.
  const signIn = await hostileSite(
    `<form method="post" enctype="text/plain" action="${web.url}/api/session"><input name='{"mode":"register","email":"${email}","password":"attacker passphrase","x":"' value='"}'></form>`,
  );
  // The browser ends on the refusal itself, a JSON page: its console is not the web's, so it is not checked.
  const { page } = await web.newPage();
  const refused = page.waitForResponse(`${web.url}/api/session`);
  await page.goto(signIn.url);
  expect((await refused).status()).toBe(403);
  expect(await page.textContent('body')).toContain('Requests from other sites are refused');
  const created = await web.api.db.selectFrom('users').select('id').where('email', '=', email).execute();
  expect(created).toEqual([]);
  await signIn.close();

  await web.register(page);
  const api = await web.apiAs(page);
  const generate = await hostileSite(
    `<form method="post" enctype="text/plain" action="${web.url}/api/opad/articles"><input name='{"language":"en","level":"B1","length":300,"topic":"csrf","x":"' value='"}'></form>`,
  );
  const refusedGenerate = page.waitForResponse(`${web.url}/api/opad/articles`);
  await page.goto(generate.url);
  expect((await refusedGenerate).status()).toBe(403);
  expect((await api.get('/articles')).body.total).toBe(0);
  await generate.close();
});

test('the web forwards only the API routes its pages use: /metrics and the rest are refused', async () => {
  // The API serves metrics to its own machine, which is where the web runs: the proxy must not pass them on.
  expect((await fetch(`${web.api.baseUrl}/metrics`)).status).toBe(200);
  const { page } = await web.newPage();
  await web.register(page);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const viaWeb = (route: string, init: RequestInit = {}) =>
    fetch(`${web.url}/api/opad${route}`, { ...init, headers: { cookie, ...init.headers } });
  for (const route of [
    '/metrics',
    '/metrics/',
    '/%6Detrics',
    '/usage',
    '/auth/me',
    '/openapi.json',
    '/health',
  ]) {
    const refused = await viaWeb(route);
    expect({ route, status: refused.status }).toEqual({ route, status: 404 });
    expect(await refused.text()).not.toContain('http_request');
  }
  const passwordChange = await viaWeb('/auth/password', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ currentPassword: 'correct horse battery', newPassword: 'another long phrase' }),
  });
  expect(passwordChange.status).toBe(404);
  // A route the pages use still passes, with the learner's token from the cookie.
  const exported = await viaWeb('/vocabulary/export?format=tsv');
  expect(exported.status).toBe(200);
  // Served over plain http here: the cookie has no __Host- prefix and no page sends HSTS.
  expect(cookie).toMatch(/^opad_token=/);
  expect((await fetch(`${web.url}/login`)).headers.get('strict-transport-security')).toBeNull();
  // The learner's data is kept by no cache.
  expect(exported.headers.get('cache-control')).toBe('no-store, no-transform');
  expect(await exported.text()).toContain('#separator:tab');
});

test('the sign-in route takes JSON only', async () => {
  const res = await fetch(`${web.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ mode: 'login', email: 'a@example.com', password: 'whatever it is' }),
  });
  expect(res.status).toBe(415);
});

test('signing out in the web revokes the token on the server', async () => {
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  expect((await api.get('/auth/me')).status).toBe(200);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
  expect((await api.get('/auth/me')).status).toBe(401);
  expect(errors).toEqual([]);
});

test('a link or an image in an article shows its full address, as the only live part; images never load', async () => {
  const tracker = http.createServer((_req, res) => res.end());
  const hits: string[] = [];
  tracker.on('request', (req) => hits.push(req.url ?? ''));
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const pixel = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/pixel.png`;
  // A page research read steered the model into a phishing link.
  const phishing = 'https://accounts.example.net/verify?next=opad';
  web.api.llm.setResponder('adapt', () =>
    JSON.stringify({
      text: `The town is building two solar farms.\n\n![a tracking pixel](${pixel})\n\nFamilies can buy a part of it. [Verify your opad account](${phishing}) or [run this](javascript:alert(1)).`,
      edits: [],
    }),
  );
  const { page, errors } = await web.newPage();
  await web.register(page);
  const api = await web.apiAs(page);
  const { body: job } = await api.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 200,
    topic: 'pixels',
  });
  await web.api.jobResult(job.jobId);
  await page.goto(`/articles/${job.articleId}`);
  const image = page.locator('.article-body .image-text');
  await image.waitFor();
  expect(await image.textContent()).toBe(`[image: a tracking pixel] (${pixel})`);
  expect(await page.locator('.article-body img').count()).toBe(0);
  const link = page.locator('.article-body .link-text', { hasText: 'Verify your opad account' });
  expect(await link.textContent()).toBe(`Verify your opad account (${phishing})`);
  // Every live link in the text reads as its own address (the source link at the top included).
  const anchors = await page
    .locator('.article-body a')
    .evaluateAll((links) => links.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
  expect(anchors.map((a) => a.href)).toEqual(expect.arrayContaining([pixel, phishing]));
  for (const anchor of anchors) expect(anchor.text).toBe(anchor.href);
  expect(await page.locator('.article-body .link-text', { hasText: 'run this' }).textContent()).toBe(
    'run this',
  );
  await web.shot(page, 'web-links-as-addresses');
  expect(hits).toEqual([]);
  expect(errors).toEqual([]);
  tracker.close();
});
