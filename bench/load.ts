import { nowMs } from './stats';

/** `clients` loops share `total` calls of `task`; each loop starts its next call when the last one returns. */
export async function runCount(
  clients: number,
  total: number,
  task: (client: number) => Promise<void>,
): Promise<void> {
  let issued = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (issued < total) {
        issued++;
        await task(client);
      }
    }),
  );
}

/**
 * Starts `total` calls of `task` at `perSecond`, evenly spaced, without waiting for earlier ones to answer (an
 * open loop), and resolves when all have ended. Each call is told when it was planned, so its latency counts
 * from then: a bench that falls behind its schedule cannot hide the system's slowness in its own delay.
 */
export async function runAtRate(
  perSecond: number,
  total: number,
  task: (index: number, plannedAt: number) => Promise<void>,
): Promise<void> {
  const intervalMs = 1000 / perSecond;
  const startedAt = nowMs();
  const running: Array<Promise<void>> = [];
  for (let index = 0; index < total; index++) {
    const plannedAt = startedAt + index * intervalMs;
    const wait = plannedAt - nowMs();
    if (wait > 0) await sleep(wait);
    running.push(task(index, plannedAt));
  }
  await Promise.all(running);
}

/** Times one call; failures are counted by the caller, and their time is not a latency sample. */
export async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = nowMs();
  const value = await call();
  return { ms: nowMs() - start, value };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
