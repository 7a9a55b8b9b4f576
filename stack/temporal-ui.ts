import fs from 'node:fs';
import path from 'node:path';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import type { ServerTls } from './temporal-server-config';
import { ensureBinary } from './tools';

export interface TemporalUi {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** The Temporal Web UI server, the same build the dev server embeds, in front of a real server's frontend. */
export async function startTemporalUi(options: {
  dataDir: string;
  temporalAddress: string;
  port: number;
  namespace: string;
  /** With mutual TLS on the frontend, the UI presents the frontend's own pair, as the system worker does. */
  tls?: ServerTls;
}): Promise<TemporalUi> {
  const binary = await ensureBinary('temporal-ui-server');
  const configDir = path.join(options.dataDir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const url = `http://127.0.0.1:${options.port}`;
  const config = {
    temporalGrpcAddress: options.temporalAddress,
    host: '127.0.0.1',
    port: options.port,
    enableUi: true,
    defaultNamespace: options.namespace,
    notifyOnNewVersion: false,
    cors: { allowOrigins: [url], cookieInsecure: true },
    ...(options.tls
      ? {
          tls: {
            caFile: options.tls.clientCaFile,
            certFile: options.tls.certFile,
            keyFile: options.tls.keyFile,
            serverName: options.tls.serverName ?? 'localhost',
            enableHostVerification: true,
          },
        }
      : {}),
  };
  // JSON is YAML; the UI server reads `<env>.yaml` from its config folder.
  fs.writeFileSync(path.join(configDir, 'opad.yaml'), JSON.stringify(config, null, 2));
  const ui = await startManagedProcess({
    name: 'temporal web ui',
    command: binary,
    args: ['--root', options.dataDir, '--config', 'config', '--env', 'opad', 'start'],
    logFile: path.join(options.dataDir, 'ui.log'),
    ready: async () => (await fetch(url).catch(() => undefined))?.ok === true,
  });
  return { url, process: ui, stop: () => ui.stop() };
}
