import path from 'node:path';

/** Where the server's databases live; the schema tool and the server connect with the same credentials. */
export interface ServerDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The frontend's certificate and key, and the CA that client certificates must chain to (mutual TLS). */
export interface ServerTls {
  certFile: string;
  keyFile: string;
  clientCaFile: string;
  /** The name in the frontend's certificate; the server's own system worker checks it. Default `localhost`. */
  serverName?: string;
}

export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type Service = (typeof SERVICES)[number];
/** A gRPC and a membership port per service, the frontend's HTTP API, and the Prometheus endpoint. */
export type ServerPorts = Record<Service, { grpc: number; membership: number }> & {
  frontendHttp: number;
  metrics: number;
};

export const DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

export const DYNAMIC_CONFIG_FILE = path.join(__dirname, 'temporal-server', 'dynamicconfig.yaml');

function datastore(database: ServerDatabase, databaseName: string, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${database.host}:${database.port}`,
      connectProtocol: 'tcp',
      user: database.user,
      password: database.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** Mutual TLS on the frontend; the system worker (schedules, batch jobs) presents the frontend's own pair. */
function tlsSection(tls: ServerTls) {
  const client = { serverName: tls.serverName ?? 'localhost', rootCaFiles: [tls.clientCaFile] };
  return {
    frontend: {
      server: {
        certFile: tls.certFile,
        keyFile: tls.keyFile,
        requireClientAuth: true,
        clientCaFiles: [tls.clientCaFile],
      },
      client,
    },
    systemWorker: { certFile: tls.certFile, keyFile: tls.keyFile, client },
  };
}

/**
 * The server's static config, modelled on the server's own `development-postgres12.yaml`. JSON is YAML, so
 * this object is written as JSON to the file the server reads.
 */
export function renderServerConfig(options: {
  database: ServerDatabase;
  ports: ServerPorts;
  shards: number;
  tls?: ServerTls;
}) {
  const { database, ports, shards, tls } = options;
  const rpc = (service: Service) => ({
    rpc: {
      grpcPort: ports[service].grpc,
      membershipPort: ports[service].membership,
      bindOnLocalHost: true,
      ...(service === 'frontend' ? { httpPort: ports.frontendHttp } : {}),
    },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: shards,
      datastores: {
        'postgres-default': datastore(database, DATABASES.default, 20),
        'postgres-visibility': datastore(database, DATABASES.visibility, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `127.0.0.1:${ports.metrics}`,
        },
      },
      ...(tls ? { tls: tlsSection(tls) } : {}),
    },
    services: Object.fromEntries(SERVICES.map((service) => [service, rpc(service)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcAddress: `127.0.0.1:${ports.frontend.grpc}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: DYNAMIC_CONFIG_FILE, pollInterval: '10s' },
  };
}
