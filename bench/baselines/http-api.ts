import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { articleRequestSchema, type GenerateArticleInput } from '../../workflows/input';

export interface JobsApiHandlers {
  accept(input: GenerateArticleInput): Promise<void>;
  /** undefined when the job is unknown. */
  progress(jobId: string): Promise<unknown | undefined>;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * The baselines' API: POST /articles and GET /jobs/:jobId, with the same input validation as opad and nothing
 * else (no accounts, no Postgres row, no idempotency keys), as the queue designs it stands for had.
 */
export function serveJobsApi(port: number, handlers: JobsApiHandlers): http.Server {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const jobMatch = /^\/jobs\/(article-[0-9a-f-]{36})$/.exec(req.url ?? '');
        if (req.method === 'POST' && req.url === '/articles') {
          const parsed = articleRequestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          if (!parsed.success) return send(res, 400, { error: { code: 'invalid_input' } });
          const articleId = randomUUID();
          await handlers.accept({ ...parsed.data, articleId, owner: 'baseline' });
          return send(res, 202, { articleId, jobId: `article-${articleId}`, status: 'queued' });
        }
        if (req.method === 'GET' && jobMatch) {
          const progress = await handlers.progress(jobMatch[1] as string);
          return progress === undefined
            ? send(res, 404, { error: { code: 'not_found' } })
            : send(res, 200, progress);
        }
        send(res, 404, { error: { code: 'not_found' } });
      } catch (error) {
        send(res, 500, { error: { code: 'internal', message: (error as Error).message } });
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1');
  return server;
}

/** Runs `main` for the role named on the command line and exits non-zero with a message when it fails. */
export function runRole(roles: Record<string, () => Promise<void>>): void {
  const role = process.argv[2] ?? '';
  const main = roles[role];
  if (!main) {
    console.error(`usage: ${process.argv[1]} ${Object.keys(roles).join('|')}`);
    process.exit(2);
  }
  main().catch((error: Error) => {
    console.error(`${role} failed: ${error.stack}`);
    process.exit(1);
  });
}
