import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from '../stack/ports';
import { PipelineHarness } from './helpers/pipeline-harness';
import { isAlive, makeTempDir } from './helpers/tmp';

test('a server started by a helper dies with its parent, even when the parent is SIGKILLed', async () => {
  const dir = makeTempDir('orphan');
  // `node --import tsx` keeps the parent a single process, so SIGKILL hits the one that started the server.
  const parent = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('test/fixtures/crash-with-child.ts'), dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      parent.once('exit', () => reject(new Error('the parent exited before starting its server')));
    });
    expect(isAlive(childPid)).toBe(true);

    parent.kill('SIGKILL');
    await waitFor('the orphaned server to be reaped', async () => !isAlive(childPid), { timeoutMs: 15_000 });
  } finally {
    parent.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a harness whose set-up fails stops every server it had started', async () => {
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => blocker.once('listening', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  // PostgreSQL cannot bind its pinned port, while the Temporal dev server beside it starts.
  const harness = new PipelineHarness({ postgresPort: port });
  try {
    await expect(harness.start()).rejects.toThrow(/Address already in use/);
  } finally {
    blocker.close();
  }
  const started = harness.startedPids;
  expect(started.length).toBeGreaterThan(0);
  expect(started.filter(isAlive)).toEqual([]);
});
