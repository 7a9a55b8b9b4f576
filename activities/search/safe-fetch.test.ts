import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlockedAddressError, isPublicAddress, safeFetchText } from './safe-fetch';

describe('isPublicAddress', () => {
  test.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fe80::1',
    'fd00::1',
    '0.0.0.0',
    '::ffff:127.0.0.1',
    '100.64.0.1',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each(['8.8.8.8', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  test('a host name or garbage is not an address, so not public', () => {
    expect(isPublicAddress('example.com')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });
});

/** The error, or the error it wraps: undici reports a refused connection as "fetch failed" with the cause. */
function rootCause(error: unknown): unknown {
  return error instanceof TypeError && error.cause ? error.cause : error;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the fetch to be refused');
    },
    (error: unknown) => error,
  );
}

describe('safeFetchText against a local server', () => {
  let server: http.Server;
  let port: number;
  const hits: string[] = [];
  const page = '<!doctype html><html><body><p>Hello from the local page.</p></body></html>';
  const big = 'x'.repeat(5000);
  let endlessClosed = false;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      switch (req.url) {
        case '/page':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(page);
          return;
        case '/redirect':
          res.writeHead(302, { location: '/page' });
          res.end();
          return;
        case '/to-file':
          res.writeHead(302, { location: 'file:///etc/passwd' });
          res.end();
          return;
        case '/loop':
          res.writeHead(302, { location: '/loop' });
          res.end();
          return;
        case '/big':
          res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(big.length) });
          res.end(big);
          return;
        case '/endless': {
          res.writeHead(200, { 'content-type': 'text/html' });
          const drip = setInterval(() => res.write('<p>more and more and more</p>'.repeat(20)), 5);
          res.on('close', () => {
            clearInterval(drip);
            endlessClosed = true;
          });
          return;
        }
        case '/big-chunked':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.write(big.slice(0, 2500));
          res.end(big.slice(2500));
          return;
        default:
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    hits.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('refuses a loopback address when private networks are not allowed, without connecting', async () => {
    const error = await rejection(
      safeFetchText(`http://127.0.0.1:${port}/page`, { allowPrivateNetworks: false }),
    );
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as Error).message).toContain('127.0.0.1');
    expect(hits).toEqual([]);
  });

  test('refuses a name that resolves to loopback, without sending the request', async () => {
    const error = await rejection(
      safeFetchText(`http://localhost:${port}/page`, { allowPrivateNetworks: false }),
    );
    const cause = rootCause(error);
    expect(cause).toBeInstanceOf(BlockedAddressError);
    expect((cause as Error).message).toMatch(/localhost resolves to non-public/);
    expect(hits).toEqual([]);
  });

  test('refuses non-http schemes', async () => {
    const error = await rejection(safeFetchText('file:///etc/passwd', { allowPrivateNetworks: true }));
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as Error).message).toContain('file:');
  });

  test('returns the body, type and URL when private networks are allowed', async () => {
    const result = await safeFetchText(`http://127.0.0.1:${port}/page`, { allowPrivateNetworks: true });
    expect(result).toEqual({
      url: `http://127.0.0.1:${port}/page`,
      contentType: 'text/html; charset=utf-8',
      body: page,
    });
  });

  test('follows a redirect and reports the final URL', async () => {
    const result = await safeFetchText(`http://127.0.0.1:${port}/redirect`, { allowPrivateNetworks: true });
    expect(result.url).toBe(`http://127.0.0.1:${port}/page`);
    expect(result.body).toBe(page);
    expect(hits).toEqual(['/redirect', '/page']);
  });

  test('checks every hop: a redirect to a file: URL is refused', async () => {
    const error = await rejection(
      safeFetchText(`http://127.0.0.1:${port}/to-file`, { allowPrivateNetworks: true }),
    );
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(hits).toEqual(['/to-file']);
  });

  test('gives up after maxRedirects hops', async () => {
    await expect(
      safeFetchText(`http://127.0.0.1:${port}/loop`, { allowPrivateNetworks: true, maxRedirects: 3 }),
    ).rejects.toThrow(/too many redirects/);
    expect(hits).toEqual(['/loop', '/loop', '/loop', '/loop']);
  });

  test('rejects an HTTP error status', async () => {
    await expect(
      safeFetchText(`http://127.0.0.1:${port}/missing`, { allowPrivateNetworks: true }),
    ).rejects.toThrow(/HTTP 404/);
  });

  test('rejects a body declared larger than maxBytes', async () => {
    await expect(
      safeFetchText(`http://127.0.0.1:${port}/big`, { allowPrivateNetworks: true, maxBytes: 1000 }),
    ).rejects.toThrow(/larger than 1000 bytes/);
  });

  test('rejects a streamed body larger than maxBytes', async () => {
    await expect(
      safeFetchText(`http://127.0.0.1:${port}/big-chunked`, { allowPrivateNetworks: true, maxBytes: 1000 }),
    ).rejects.toThrow(/larger than 1000 bytes/);
  });

  test('stops reading a page that never ends at the byte cap, and closes the connection', async () => {
    await expect(
      safeFetchText(`http://127.0.0.1:${port}/endless`, { allowPrivateNetworks: true, maxBytes: 50_000 }),
    ).rejects.toThrow(/larger than 50000 bytes/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endlessClosed).toBe(true);
  });

  test('accepts a body at the limit', async () => {
    const result = await safeFetchText(`http://127.0.0.1:${port}/big`, {
      allowPrivateNetworks: true,
      maxBytes: big.length,
    });
    expect(result.body).toBe(big);
  });
});
