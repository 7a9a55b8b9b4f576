import { timingSafeEqual } from 'node:crypto';
import { isGrpcDeadlineError } from '@temporalio/client';
import { type Request, Router } from 'express';
import ipaddr from 'ipaddr.js';
import { sql } from 'kysely';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';

/** How long each dependency may take to answer before it counts as down. */
export const HEALTH_TIMEOUT_MS = 2_000;

export type ComponentHealth =
  | { status: 'up'; latencyMs: number }
  | { status: 'down'; latencyMs: number; error: string };

export interface HealthReport {
  status: 'ok' | 'degraded';
  components: { temporal: ComponentHealth; postgres: ComponentHealth; storage: ComponentHealth };
}

const timedOut = () => new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`);

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Runs one check against a deadline; a check that throws or is too slow reports the component down. */
async function probe(check: (deadline: number) => Promise<unknown>): Promise<ComponentHealth> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timedOut()), HEALTH_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(Date.now() + HEALTH_TIMEOUT_MS), timeout]);
    return { status: 'up', latencyMs: latency() };
  } catch (error) {
    return { status: 'down', latencyMs: latency(), error: messageOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks Temporal, Postgres and storage in parallel, each with its own time limit. */
export async function checkHealth(deps: ApiDeps): Promise<HealthReport> {
  const { connection } = deps.temporal;
  const [temporal, postgres, storage] = await Promise.all([
    // The deadline also ends the gRPC call itself, so a hung server leaves no request behind. It expires with the
    // timer, so whichever fires first, the answer reads the same.
    probe((deadline) =>
      connection
        .withDeadline(deadline, () => connection.workflowService.getSystemInfo({}))
        .catch((error: unknown) => {
          throw isGrpcDeadlineError(error) ? timedOut() : error;
        }),
    ),
    probe(() => sql`SELECT 1`.execute(deps.db)),
    probe(() => deps.blobs.ping()),
  ]);
  const components = { temporal, postgres, storage };
  const allUp = Object.values(components).every((component) => component.status === 'up');
  return { status: allUp ? 'ok' : 'degraded', components };
}

function publicReport(report: HealthReport) {
  const components = Object.fromEntries(
    Object.entries(report.components).map(([name, { status, latencyMs }]) => [name, { status, latencyMs }]),
  );
  return { status: report.status, components };
}

const isLoopback = (address: string | undefined) =>
  address !== undefined && ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';

/**
 * Metrics name routes, counts and internals: with API_METRICS_TOKEN set they need it as a bearer token;
 * without, only a scraper on this machine (the socket's own address, never X-Forwarded-For) may read them.
 */
function assertMetricsReader(req: Request, token: string | undefined): void {
  if (token) {
    const sent = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
    const expected = Buffer.from(token);
    const given = Buffer.from(sent);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new HttpError(
        401,
        'unauthorized',
        'Send Authorization: Bearer <API_METRICS_TOKEN> to read metrics',
      );
    return;
  }
  if (!isLoopback(req.socket.remoteAddress))
    throw new HttpError(
      403,
      'forbidden',
      'Metrics are served to this machine only; set API_METRICS_TOKEN to read them remotely',
    );
}

/** GET /health (no token) and GET /metrics (token or loopback). */
export function healthRoutes(deps: ApiDeps): Router {
  const router = Router();

  /** Anyone may ask whether opad is up; the reasons a component is down go to the log, not to the caller. */
  router.get('/health', async (req, res) => {
    const report = await checkHealth(deps);
    if (report.status !== 'ok') req.log?.warn({ health: report }, 'health check failed');
    res
      .status(report.status === 'ok' ? 200 : 503)
      .set('cache-control', 'no-store')
      .json(publicReport(report));
  });

  router.get('/metrics', async (req, res) => {
    assertMetricsReader(req, deps.config.api.metricsToken);
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
