import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startManagedProcess } from '../../stack/managed-process';
import { retryOnPortRace } from '../../stack/ports';

// A Go server that loses its port to another process logs the bind error and then, often, a panic's stack
// trace far longer than the tail an error message shows.
const LOST_THE_PORT = [
  "console.log('listen tcp 127.0.0.1:7233: bind: address already in use');",
  "console.log('panic: unable to start server');",
  "for (let i = 0; i < 60; i++) console.log('goroutine ' + i + ' [running]:\\n\\tgo.temporal.io/server/x.go:' + i);",
  'process.exit(2);',
].join('\n');
const FAILS_OTHERWISE = "console.log('config: unknown key'); process.exit(1);";
const SERVES = 'setInterval(() => {}, 1000);';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opad-port-race-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function startFake(scripts: string[], logFile: string) {
  let attempt = 0;
  const start = () => {
    const script = scripts[attempt++] ?? SERVES;
    return startManagedProcess({
      name: 'fake server',
      command: process.execPath,
      args: ['-e', script],
      logFile,
      ready: async () => script === SERVES,
      readyTimeoutMs: 10_000,
    });
  };
  return { start, attempts: () => attempt };
}

test('a start that lost its port is tried again, even when a long stack trace follows the bind error', async () => {
  const fake = startFake([LOST_THE_PORT], path.join(dir, 'lost.log'));
  const server = await retryOnPortRace(fake.start);
  expect(fake.attempts()).toBe(2);
  expect(server.isRunning()).toBe(true);
  await server.stop();
});

test('a start that failed for another reason is not tried again, even after an earlier port race in the same log', async () => {
  const fake = startFake([LOST_THE_PORT, FAILS_OTHERWISE], path.join(dir, 'other.log'));
  await expect(retryOnPortRace(fake.start)).rejects.toThrow(/config: unknown key/);
  expect(fake.attempts()).toBe(2);
});

test('a caller with fixed ports gives up at the first port race', async () => {
  const fake = startFake([LOST_THE_PORT], path.join(dir, 'fixed.log'));
  await expect(retryOnPortRace(fake.start, false)).rejects.toThrow(/exited|fake server/);
  expect(fake.attempts()).toBe(1);
});
