import net from 'node:net';
import { ProcessStartError } from './process-start-error';

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True once something accepts TCP connections on host:port. */
export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; isAlive?: () => boolean } = {},
): Promise<void> {
  const { timeoutMs = 60_000, intervalMs = 100, isAlive = () => true } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${what} exited before it was ready`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port in [low, high], for a peer that cannot store the kernel's ephemeral ports (above 32767). */
export async function freePortBetween(low: number, high: number): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${low} and ${high} after 100 tries`);
}

/**
 * Starts a server again, up to 3 times, when a port it picked free was taken by another process before the
 * server bound it. `retry: false` gives up at once, for a caller that fixed its ports.
 */
export async function retryOnPortRace<T>(start: () => Promise<T>, retry = true): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      // Go servers write "address already in use", PostgreSQL "Address already in use".
      const portRace = /address already in use/i.test(
        error instanceof ProcessStartError ? error.log : (error as Error).message,
      );
      if (!portRace || !retry || attempt >= 3) throw error;
    }
  }
}
