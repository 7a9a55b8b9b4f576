import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { SerperNewsSearch } from './news-search';

test('a search server that never answers fails the search after the time-out, as a retryable outage', async () => {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_req, res) => held.push(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const search = new SerperNewsSearch({
    apiKey: 'key',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    timeoutMs: 300,
  });
  const started = Date.now();
  const error = await search.search('solar', { language: 'en', limit: 5 }).catch((e: unknown) => e);
  const waited = Date.now() - started;
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect(error).toMatchObject({ type: 'SearchUnavailable', nonRetryable: false });
  expect((error as Error).message).toMatch(/did not answer within 300 ms/);
  console.log(`search time-out: gave up after ${waited} ms`);
  server.closeAllConnections();
  server.close();
});

test('a 503 with Retry-After asks for that delay, and an unreachable server is an outage too', async () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(503, { 'retry-after': '7' });
    res.end('down for maintenance');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const down = await new SerperNewsSearch({ apiKey: 'key', baseUrl })
    .search('solar', { language: 'en', limit: 5 })
    .catch((e: unknown) => e);
  expect(down).toMatchObject({ type: 'SearchUnavailable', nonRetryable: false, nextRetryDelay: 7_000 });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));

  const gone = await new SerperNewsSearch({ apiKey: 'key', baseUrl })
    .search('solar', { language: 'en', limit: 5 })
    .catch((e: unknown) => e);
  expect(gone).toBeInstanceOf(ApplicationFailure);
  expect(gone).toMatchObject({ type: 'SearchUnavailable', nonRetryable: false });
  expect((gone as Error).message).toMatch(/^News search could not be reached: .*ECONNREFUSED/);
});
