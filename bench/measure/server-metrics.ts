import { execFileSync } from 'node:child_process';

/** Counters of the Temporal dev server for the `default` namespace, keyed `metric service operation`. */
export type ServerCounters = Map<string, number>;

/**
 * The dev server's Prometheus endpoint. The CLI picks a free port for it and does not say which, so this finds
 * the ports the process listens on (`ss`) and keeps the one that answers with the server's metrics.
 */
export async function findMetricsUrl(pid: number): Promise<string> {
  const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => line.split(/\s+/)[3]?.split(':').at(-1));
  for (const port of listening) {
    const url = `http://127.0.0.1:${port}/metrics`;
    const text = await fetch(url)
      .then((response) => response.text())
      .catch(() => '');
    if (text.includes('persistence_requests')) return url;
  }
  throw new Error(`no Temporal metrics endpoint among the ports of process ${pid}: ${listening.join(', ')}`);
}

/** RPCs served by each service (`service_requests`) and persistence calls (`persistence_requests`). */
export async function readServerCounters(url: string): Promise<ServerCounters> {
  const counters: ServerCounters = new Map();
  for (const line of (await (await fetch(url)).text()).split('\n')) {
    const metric = line.match(/^(service_requests|persistence_requests)\{(.*)\} (\d+)$/);
    if (!metric?.[2]?.includes('namespace="default"')) continue;
    const service = metric[2].match(/service_name="([^"]*)"/)?.[1];
    const operation = metric[2].match(/operation="([^"]*)"/)?.[1];
    const key = `${metric[1]} ${service} ${operation}`;
    counters.set(key, (counters.get(key) ?? 0) + Number(metric[3]));
  }
  return counters;
}

export function difference(after: ServerCounters, before: ServerCounters): ServerCounters {
  const delta: ServerCounters = new Map();
  for (const [key, value] of after)
    if (value !== (before.get(key) ?? 0)) delta.set(key, value - (before.get(key) ?? 0));
  return delta;
}
