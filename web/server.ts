/**
 * The web role: Next.js behind a small Node server of our own, so that the forwarding headers are rewritten from
 * the socket before any page or route reads them (`next start` cannot do that; see web/edge/client-address.ts).
 * Run with: node --import tsx web/server.ts --port 3000 --hostname 0.0.0.0
 */
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import next from 'next';
import { z } from 'zod';
import { compileTrustedProxies, rewriteForwardingHeaders } from './edge/client-address';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    hostname: { type: 'string', default: '127.0.0.1' },
  },
});
const options = z
  .object({
    port: z.coerce.number().int().min(1).max(65_535),
    hostname: z.string().min(1),
    trustedProxies: z.string().default(''),
  })
  .parse({ ...values, trustedProxies: process.env.WEB_TRUSTED_PROXIES });

const trust = compileTrustedProxies(options.trustedProxies);
const app = next({
  dev: false,
  dir: path.join(__dirname),
  hostname: options.hostname,
  port: options.port,
});

async function main(): Promise<void> {
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    rewriteForwardingHeaders(req, trust);
    void handle(req, res);
  });
  server.listen(options.port, options.hostname, () => {
    console.log(`opad web listening on http://${options.hostname}:${options.port}`);
  });
  const stop = () => server.close(() => void app.close().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
