import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makeTestCertificates } from './helpers/certs';
import { makeTempDir } from './helpers/tmp';

// The API, the worker and the CLI as people start them, with Temporal settings that are wrong: each prints one
// message that names the variable, with no stack and no secret, and exits 1.

const ROOT = path.resolve(__dirname, '..');
const API_KEY = 'tmprl-Zq3x9VwT2mKp8LrN4sYb7HcJ1dFgA6eU';
const dir = makeTempDir('temporal-settings');
const certs = makeTestCertificates(dir);
const missing = path.join(dir, 'missing.pem');
const notPem = path.join(dir, 'notes.txt');
fs.writeFileSync(notPem, 'not a certificate\n');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  output: string;
}

/** Starts `entry` (api/main.ts, worker/main.ts or cli/main.ts) and collects what it wrote. */
function start(entry: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_OPTIONS: '',
          // Nothing listens here: every failure below must come before any connection is tried.
          TEMPORAL_ADDRESS: '127.0.0.1:1',
          DATABASE_URL: 'postgres://opad@127.0.0.1:1/opad',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

function expectCleanFailure(run: Run, message: string): void {
  expect(run.output).toContain(message);
  expect(run.code).toBe(1);
  expect(run.output).not.toMatch(/\n\s+at /);
  expect(run.output).not.toContain(API_KEY);
}

const processes = [
  ['worker', 'worker/main.ts'],
  ['API', 'api/main.ts'],
] as const;

test.each(processes)('the %s names an unreadable client certificate and stops', async (_name, entry) => {
  const run = await start(entry, {
    TEMPORAL_TLS_CERT: missing,
    TEMPORAL_TLS_KEY: certs.clientKeyFile,
    TEMPORAL_API_KEY: API_KEY,
  });
  expectCleanFailure(run, `TEMPORAL_TLS_CERT: cannot read ${missing} (ENOENT)`);
});

test.each(processes)('the %s names both variables of a certificate without its key', async (_name, entry) => {
  const run = await start(entry, { TEMPORAL_TLS_CERT: certs.clientCertFile, TEMPORAL_API_KEY: API_KEY });
  expectCleanFailure(run, 'TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
});

test.each(processes)('the %s refuses an API key without TLS, and does not print it', async (_name, entry) => {
  const run = await start(entry, { TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'false' });
  expectCleanFailure(run, 'TEMPORAL_TLS: is false, but TEMPORAL_API_KEY is set');
});

test('the worker says why it cannot connect, without a stack or the API key', async () => {
  // A port that takes connections and closes them: the TLS handshake fails at once.
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    const run = await start('worker/main.ts', {
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      TEMPORAL_TLS_CA: certs.caFile,
      TEMPORAL_API_KEY: API_KEY,
    });
    expectCleanFailure(run, `opad worker cannot connect to Temporal at 127.0.0.1:${port}: `);
  } finally {
    server.close();
  }
});

test('the CLI reads the same variables and names a file that is not PEM', async () => {
  const run = await start('cli/main.ts', { TEMPORAL_TLS_CA: notPem, TEMPORAL_API_KEY: API_KEY }, [
    'history',
    'article-00000000-0000-4000-8000-000000000000',
  ]);
  expectCleanFailure(run, `opad: TEMPORAL_TLS_CA: ${notPem} is not a PEM certificate`);
});

test('the CLI names both variables of a key without its certificate', async () => {
  const run = await start('cli/main.ts', { TEMPORAL_TLS_KEY: certs.clientKeyFile }, [
    'history',
    'article-00000000-0000-4000-8000-000000000000',
  ]);
  expectCleanFailure(
    run,
    'opad: TEMPORAL_TLS_CERT: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
  );
});

test('npm start checks the settings its API and worker inherit before it starts any server', async () => {
  const stack = (env: Record<string, string>) => start('stack/start.ts', { DATA_DIR: dir, ...env });
  expectCleanFailure(
    await stack({ TEMPORAL_TLS_CA: missing }),
    `TEMPORAL_TLS_CA: cannot read ${missing} (ENOENT)`,
  );
  // Without TEMPORAL_ADDRESS the stack runs its own Temporal, which takes plain connections only.
  expectCleanFailure(
    await stack({ TEMPORAL_ADDRESS: '', TEMPORAL_API_KEY: API_KEY }),
    'TEMPORAL_TLS, TEMPORAL_TLS_* and TEMPORAL_API_KEY are for a Temporal cluster at TEMPORAL_ADDRESS',
  );
});
