import net from 'node:net';
import { S3BlobStore } from './s3-blob-store';

test('an S3 store that accepts connections and never answers fails the call after the time-out', async () => {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const store = new S3BlobStore({
    endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    region: 'us-east-1',
    bucket: 'opad',
    forcePathStyle: true,
    credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
    requestTimeoutMs: 300,
  });
  const started = Date.now();
  await expect(store.put('articles/x/article.md', 'text')).rejects.toThrow(/timed out|timeout/i);
  console.log(`S3 time-out: gave up after ${Date.now() - started} ms (3 attempts)`);
  for (const socket of sockets) socket.destroy();
  server.close();
});
