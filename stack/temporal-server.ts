import fs from 'node:fs';
import path from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { freePort, freePortBetween, retryOnPortRace } from './ports';
import { prepareNamespace } from './temporal-namespace';
import { assertShardCount, databaseOf, migrateTemporalSchema } from './temporal-schema';
import { renderServerConfig, SERVICES, type ServerPorts, type ServerTls } from './temporal-server-config';
import { startTemporalUi } from './temporal-ui';
import { ensureBinary } from './tools';

export interface TemporalServerOptions {
  /** The server's config file and log go here; its data goes to PostgreSQL. */
  dataDir: string;
  /** A PostgreSQL server where this user may create databases; the server keeps `temporal` and `temporal_visibility` there. */
  postgresUrl: string;
  /** Fixed at the first start: the number of history shards cannot change once the database holds any. */
  shards?: number;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  tls?: ServerTls;
  /** What the stack's own readiness check and namespace set-up present to a frontend with mutual TLS. */
  adminConnection?: { tls?: TLSConfig };
}

export interface TemporalServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** The server's Prometheus endpoint. */
  metricsUrl: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export const DEFAULT_SHARDS = 4;

/** The server keeps membership ports in a smallint column, so they must stay below the ephemeral range. */
const MEMBERSHIP_PORTS = [20_000, 32_767] as const;

async function freePorts(frontendPort?: number): Promise<ServerPorts> {
  const pair = async () => ({
    grpc: await freePort(),
    membership: await freePortBetween(...MEMBERSHIP_PORTS),
  });
  const ports = Object.fromEntries(
    await Promise.all(SERVICES.map(async (service) => [service, await pair()])),
  ) as ServerPorts;
  if (frontendPort) ports.frontend.grpc = frontendPort;
  ports.frontendHttp = await freePort();
  ports.metrics = await freePort();
  return ports;
}

/**
 * The real Temporal server (frontend, history, matching and worker services in one process) on PostgreSQL,
 * with the namespace and opad's search attributes set up, and the Web UI unless headless.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  // The ports other than the frontend's are picked free, so they can race even when the frontend's is fixed.
  return retryOnPortRace(() => startOnce(options));
}

async function startOnce(options: TemporalServerOptions): Promise<TemporalServer> {
  const binary = await ensureBinary('temporal-server');
  await migrateTemporalSchema(options.postgresUrl);
  const shards = options.shards ?? DEFAULT_SHARDS;
  await assertShardCount(options.postgresUrl, shards);
  const namespace = options.namespace ?? 'default';
  const ports = await freePorts(options.port);
  const address = `127.0.0.1:${ports.frontend.grpc}`;
  const configDir = path.join(options.dataDir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const config = renderServerConfig({
    database: databaseOf(options.postgresUrl),
    ports,
    shards,
    tls: options.tls,
  });
  // The file holds the database password: written private under another name, then moved into place, so no
  // moment shows it to other users.
  const configFile = path.join(configDir, 'opad.yaml');
  fs.writeFileSync(`${configFile}.new`, JSON.stringify(config, null, 2), { mode: 0o600 });
  fs.renameSync(`${configFile}.new`, configFile);

  const admin = () => Connection.connect({ address, connectTimeout: 1_000, ...options.adminConnection });
  const server = await startManagedProcess({
    name: 'temporal server',
    command: binary,
    args: ['--root', options.dataDir, '--config', 'config', '--env', 'opad', '--allow-no-auth', 'start'],
    logFile: path.join(options.dataDir, 'temporal-server.log'),
    ready: async () => {
      const connection = await admin();
      try {
        await connection.workflowService.getSystemInfo({});
        return true;
      } finally {
        await connection.close();
      }
    },
    readyTimeoutMs: 120_000,
  });
  try {
    const connection = await admin();
    try {
      await prepareNamespace(connection, namespace);
    } finally {
      await connection.close();
    }
    const ui = options.headless
      ? undefined
      : await startTemporalUi({
          dataDir: path.join(options.dataDir, 'ui'),
          temporalAddress: address,
          port: options.uiPort ?? (await freePort()),
          namespace,
          tls: options.tls,
        });
    return {
      address,
      namespace,
      uiUrl: ui?.url,
      metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
      process: server,
      stop: async () => {
        await ui?.stop();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
