import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';
import { ensureBinary } from '../../stack/tools';
import { makeTempDir } from '../helpers/tmp';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  networks?: Record<string, { ipv4_address?: string } | null>;
}

/** The compose file as docker compose itself reads it. */
async function composeConfig(): Promise<{
  services: Record<string, ComposeService>;
  networks: Record<string, { ipam?: { config?: Array<{ subnet: string }> } }>;
}> {
  // The docker client finds the compose plugin under $DOCKER_CONFIG/cli-plugins; no engine is needed for `config`.
  const dockerConfig = makeTempDir('docker-config');
  fs.mkdirSync(path.join(dockerConfig, 'cli-plugins'));
  fs.symlinkSync(
    await ensureBinary('docker-compose'),
    path.join(dockerConfig, 'cli-plugins', 'docker-compose'),
  );
  try {
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
    return JSON.parse(stdout);
  } finally {
    fs.rmSync(dockerConfig, { recursive: true, force: true });
  }
}

test('docker-compose.temporal.yml is a valid compose file with the whole production-like stack', async () => {
  const config = await composeConfig();
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
  // The web's own server, which overwrites X-Forwarded-For, not `next start`, which keeps a client's.
  expect(services.web?.command?.slice(0, 4)).toEqual(['node', '--import', 'tsx', 'web/server.ts']);
  expect(services.web?.environment?.WEB_TRUSTED_PROXIES).toBeUndefined();
});

test('in compose the API believes X-Forwarded-For from the web alone, at its fixed address on their own network', async () => {
  const { services, networks } = await composeConfig();
  const webAddress = services.web?.networks?.['web-api']?.ipv4_address;
  expect(webAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(services.api?.environment?.API_TRUSTED_PROXIES).toBe(webAddress);
  expect(Object.keys(services.api?.networks ?? {})).toContain('web-api');
  // Only the web and the API are on it, so no other container can take the web's address.
  const members = Object.entries(services)
    .filter(([, service]) => Object.keys(service.networks ?? {}).includes('web-api'))
    .map(([name]) => name);
  expect(members.sort()).toEqual(['api', 'web']);
  const subnet = networks['web-api']?.ipam?.config?.[0]?.subnet ?? '';
  expect(ipaddr.parse(webAddress as string).match(ipaddr.parseCIDR(subnet))).toBe(true);
});
