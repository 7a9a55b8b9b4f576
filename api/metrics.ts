import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { openApiDocument } from './openapi';

export interface ApiMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  workflowsStarted: Counter<'kind'>;
  workflowStartFailures: Counter<'kind'>;
  temporalCalls: Counter<'call'>;
  changeHints: Counter;
  openStreams: Gauge;
}

/** One registry per app, so tests can build several apps in one process. */
export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'opad_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    workflowsStarted: new Counter({
      name: 'opad_workflows_started_total',
      help: 'Generation workflows started, by kind (new or retry)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    workflowStartFailures: new Counter({
      name: 'opad_workflow_start_failures_total',
      help: 'Workflow start tries that failed because Temporal could not be reached or refused; each is tried again',
      labelNames: ['kind'],
      registers: [registry],
    }),
    temporalCalls: new Counter({
      name: 'opad_temporal_calls_total',
      help: 'Calls the API made to Temporal, by call (start, query, describe, cancel, history, list, schedule)',
      labelNames: ['call'],
      registers: [registry],
    }),
    changeHints: new Counter({
      name: 'opad_change_hints_total',
      help: 'Job change hints received from PostgreSQL',
      registers: [registry],
    }),
    openStreams: new Gauge({
      name: 'opad_open_progress_streams',
      help: 'Progress streams (SSE) open in this API process',
      registers: [registry],
    }),
  };
}

let routePatterns: Array<{ template: string; pattern: RegExp }> | undefined;

/**
 * The documented route a path belongs to, as the OpenAPI document writes it (`/articles/{id}`), so requests that
 * router-level middleware answers (401 before a route runs, say) are labelled like the ones a route answered.
 * Literal paths win over templated ones; anything else is `unmatched`, which keeps the label set bounded.
 */
export function routeLabel(path: string): string {
  routePatterns ??= Object.keys(openApiDocument().paths)
    .sort((a, b) => a.split('{').length - b.split('{').length)
    .map((template) => ({
      template,
      pattern: new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`,
      ),
    }));
  return routePatterns.find(({ pattern }) => pattern.test(path))?.template ?? 'unmatched';
}
