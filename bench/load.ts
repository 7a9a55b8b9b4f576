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
