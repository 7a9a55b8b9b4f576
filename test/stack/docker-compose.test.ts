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
  ports?: Array<{ target: number; published?: string; host_ip?: string }>;
  environment?: Record<string, string>;
  networks?: Record<string, { ipv4_address?: string } | null>;
}

interface ComposeConfig {
  services: Record<string, ComposeService>;
  networks: Record<string, { ipam?: { config?: Array<{ subnet: string }> } }>;
}

/** The compose files as Docker resolves them (`docker compose config`; no engine is needed for it). */
async function composeConfig(...files: string[]): Promise<ComposeConfig> {
  // The docker client finds the compose plugin under $DOCKER_CONFIG/cli-plugins.
  const dockerConfig = makeTempDir('docker-config');
  try {
    fs.mkdirSync(path.join(dockerConfig, 'cli-plugins'));
    fs.symlinkSync(
      await ensureBinary('docker-compose'),
      path.join(dockerConfig, 'cli-plugins', 'docker-compose'),
    );
    const { stdout } = await run(
      'docker',
      ['compose', ...files.flatMap((file) => ['-f', file]), 'config', '--format', 'json'],
      {
        env: {
          ...process.env,
          DOCKER_CONFIG: dockerConfig,
          OPENAI_API_KEY: 'sk-test',
          SERPER_API_KEY: 'serper-test',
        },
      },
    );
    return JSON.parse(stdout) as ComposeConfig;
  } finally {
    fs.rmSync(dockerConfig, { recursive: true, force: true });
  }
}

const DEPLOYMENT = 'docker-compose.temporal.yml';
const TEMPORAL_SERVICES = ['temporal', 'temporal-ui'];

test('docker-compose.temporal.yml is a valid compose file with the whole production-like stack', async () => {
  const { services } = await composeConfig(DEPLOYMENT);
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

test('the deployment publishes nothing of Temporal, and only the web, the API and no store', async () => {
  const { services } = await composeConfig(DEPLOYMENT);
  for (const name of TEMPORAL_SERVICES) expect(services[name]?.ports ?? []).toEqual([]);
  const published = Object.entries(services)
    .filter(([, service]) => (service.ports ?? []).length > 0)
    .map(([name]) => name)
    .sort();
  expect(published).toEqual(['api', 'web']);
  // The web has no link to the Temporal Web UI to give learners.
  expect(JSON.stringify(services.web)).not.toContain('TEMPORAL_UI_URL');
});

test("the operators' overlay publishes Temporal on the host's loopback interface only", async () => {
  const { services } = await composeConfig(DEPLOYMENT, 'docker-compose.operator.yml');
  for (const name of TEMPORAL_SERVICES) {
    const ports = services[name]?.ports ?? [];
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port.host_ip).toBe('127.0.0.1');
  }
  expect(services.temporal?.ports?.map((port) => port.target)).toEqual([7233]);
  expect(services['temporal-ui']?.ports?.map((port) => port.published)).toEqual(['8233']);
});

test('in compose the API believes X-Forwarded-For from the web alone, at its fixed address on their own network', async () => {
  const { services, networks } = await composeConfig(DEPLOYMENT);
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
