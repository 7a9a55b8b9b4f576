import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureBinary } from '../../stack/tools';
import { makeTempDir } from '../helpers/tmp';

const run = promisify(execFile);

test('docker-compose.temporal.yml is a valid compose file with the whole production-like stack', async () => {
  // The docker client finds the compose plugin under $DOCKER_CONFIG/cli-plugins; no engine is needed for `config`.
  const dockerConfig = makeTempDir('docker-config');
  fs.mkdirSync(path.join(dockerConfig, 'cli-plugins'));
  fs.symlinkSync(
    await ensureBinary('docker-compose'),
    path.join(dockerConfig, 'cli-plugins', 'docker-compose'),
  );
  const { stdout } = await run(
    'docker',
    ['compose', '-f', 'docker-compose.temporal.yml', 'config', '--format', 'json'],
    {
      env: {
        ...process.env,
        DOCKER_CONFIG: dockerConfig,
        OPENAI_API_KEY: 'sk-test',
        SERPER_API_KEY: 'serper-test',
      },
    },
  );
  const config = JSON.parse(stdout) as {
    services: Record<string, { image?: string; build?: unknown; command?: string[] }>;
  };
  const services = config.services;
  expect(Object.keys(services).sort()).toEqual([
    'api',
    'minio',
    'postgresql',
    'temporal',
    'temporal-schema',
    'temporal-search-attributes',
    'temporal-ui',
    'web',
    'worker',
  ]);
  expect(services.temporal?.image).toMatch(/^temporalio\/server:/);
  expect(services['temporal-schema']?.image).toMatch(/^temporalio\/admin-tools:/);
  expect(JSON.stringify(services)).not.toContain('auto-setup');
  expect(services.api?.build).toBeDefined();
  expect(services.worker?.command).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
  expect(services.web?.build).toBeDefined();
  expect(services.web?.command?.slice(1, 4)).toEqual(['node_modules/next/dist/bin/next', 'start', 'web']);
  fs.rmSync(dockerConfig, { recursive: true, force: true });
});
