import net from 'node:net';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { ConfigError } from '../config/config-error';
import { type TemporalConnectionOptions, temporalConnectionOptions } from '../config/temporal-connection';
import { tlsRefusal } from '../config/temporal-tls-probe';
import { CliError, networkReason } from './errors';
import { type Settings, settingsError } from './settings';

const CONNECT_TIMEOUT_MS = 5_000;
/** gRPC status NOT_FOUND: an unknown workflow, run or namespace. */
const GRPC_NOT_FOUND = 5;

function unreachable(address: string, reason: string): CliError {
  return new CliError(`cannot reach Temporal at ${address} (is \`npm start\` running?)`, [
    `${reason}; --temporal-address or TEMPORAL_ADDRESS chooses another address`,
  ]);
}

function refusedOverTls(address: string, reason: string): CliError {
  return new CliError(`Temporal at ${address} refused the TLS connection: ${reason}`, [
    'TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY and TEMPORAL_TLS_SERVER_NAME set how opad connects',
  ]);
}

function hostAndPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/**
 * A plain TCP connect first: the gRPC client retries a refused connection until its deadline, while this says
 * at once whether anything listens, and why not. It works the same when the server speaks TLS.
 */
function probe(address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(hostAndPort(address));
    socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
      socket.destroy(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
    );
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

function connectionOptionsOf(settings: Settings): TemporalConnectionOptions {
  try {
    return temporalConnectionOptions({ ...settings.temporalSecurity, address: settings.temporalAddress });
  } catch (error) {
    throw error instanceof ConfigError ? settingsError(error) : error;
  }
}

/** Connects to Temporal for one operator command and closes the connection afterwards. */
export async function withTemporal<T>(settings: Settings, use: (client: Client) => Promise<T>): Promise<T> {
  const options = connectionOptionsOf(settings);
  const { address } = options;
  try {
    await probe(address);
  } catch (error) {
    throw unreachable(address, networkReason(error));
  }
  if (options.tls) {
    const refusal = await tlsRefusal(options, CONNECT_TIMEOUT_MS);
    if (refusal) throw refusedOverTls(address, refusal);
    // grpc-js sends an IP address as the TLS server name, and Node warns of that (DEP0123) on every command;
    // a person running opad cannot act on it.
    process.noDeprecation = true;
  }
  // Loaded here, not at the top: the SDK takes half a second to load, and most commands only talk to the API.
  const { Client, Connection } = require('@temporalio/client') as typeof import('@temporalio/client');
  let connection: import('@temporalio/client').Connection;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw unreachable(address, networkReason(error));
  }
  try {
    return await use(new Client({ connection, namespace: settings.namespace }));
  } finally {
    await connection.close();
  }
}

/** The full history of a run (the latest when no run ID is given), all pages of it. */
export function fetchHistory(settings: Settings, workflowId: string, runId?: string): Promise<History> {
  return withTemporal(settings, async (client) => {
    try {
      return await client.workflow.getHandle(workflowId, runId).fetchHistory();
    } catch (error) {
      const { code, details } = error as { code?: number; details?: string };
      if (code !== GRPC_NOT_FOUND) throw error;
      const where = `in namespace ${settings.namespace} at ${settings.temporalAddress}`;
      if (details && /namespace/i.test(details)) throw new CliError(`Temporal ${where}: ${details}`);
      const run = runId ? ` run ${runId}` : '';
      throw new CliError(`workflow ${workflowId}${run} was not found ${where}`, [
        'article generations have workflow IDs article-<articleId>; `opad list` shows the article ids',
      ]);
    }
  });
}

/** The JSON of `temporal workflow show --output json`, which the replayer and the Temporal CLI read back. */
export function historyJson(history: History): string {
  const { historyToJSON } =
    require('@temporalio/common/lib/proto-utils') as typeof import('@temporalio/common/lib/proto-utils');
  return historyToJSON(history);
}
