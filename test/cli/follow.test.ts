import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from '../../cli/api-client';
import { followJob } from '../../cli/follow';
import type { GenerationProgress } from '../../workflows/types';

const JOB = 'article-2f2505bb-e62c-4f17-a017-079367fc7634';

const progress = (version: number, status: GenerationProgress['status']): GenerationProgress => ({
  articleId: JOB.slice('article-'.length),
  version,
  status,
  stage: null,
  percent: status === 'completed' ? 100 : 0,
  stages: [],
  message: status,
});

const event = (name: string, data: GenerationProgress) =>
  `id: ${data.version}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

async function serve(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('a dropped event stream is reopened with Last-Event-ID and followed to its end', async () => {
  const requests: Array<{ lastEventId?: string; authorization?: string }> = [];
  const api = await serve((req, res) => {
    requests.push({
      lastEventId: req.headers['last-event-id'] as string | undefined,
      authorization: req.headers.authorization,
    });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (requests.length === 1) {
      // The first connection dies after one event, as when the API restarts.
      res.write(event('progress', progress(3, 'running')));
      setImmediate(() => res.socket?.destroy());
    } else {
      res.end(event('end', progress(7, 'completed')));
    }
  });
  try {
    const seen: number[] = [];
    const final = await followJob(new ApiClient(api.url, 'opad_token'), JOB, (p) => seen.push(p.version));
    expect(final.status).toBe('completed');
    expect(seen).toEqual([3, 7]);
    expect(requests).toEqual([
      { lastEventId: undefined, authorization: 'Bearer opad_token' },
      { lastEventId: '3', authorization: 'Bearer opad_token' },
    ]);
  } finally {
    await api.close();
  }
});

test('an error the API answers while following is reported, not retried', async () => {
  let requests = 0;
  const api = await serve((_req, res) => {
    requests++;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: `Job ${JOB} was not found` } }));
  });
  try {
    await expect(followJob(new ApiClient(api.url, 'opad_token'), JOB, () => {})).rejects.toMatchObject({
      status: 404,
      message: `Job ${JOB} was not found`,
    });
    expect(requests).toBe(1);
  } finally {
    await api.close();
  }
});
