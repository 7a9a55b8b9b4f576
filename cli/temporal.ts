import net from 'node:net';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { CliError, networkReason } from './errors';
import type { Settings } from './settings';

const CONNECT_TIMEOUT_MS = 5_000;
/** gRPC status NOT_FOUND: an unknown workflow, run or namespace. */
const GRPC_NOT_FOUND = 5;

function unreachable(address: string, reason: string): CliError {
  return new CliError(`cannot reach Temporal at ${address} (is \`npm start\` running?)`, [
    `${reason}; --temporal-address or TEMPORAL_ADDRESS chooses another address`,
  ]);
}

/**
 * A plain TCP connect first: the gRPC client retries a refused connection until its deadline, while this says
 * at once whether anything listens, and why not.
 */
function probe(address: string): Promise<void> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
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

/** Connects to Temporal for one operator command and closes the connection afterwards. */
export async function withTemporal<T>(settings: Settings, use: (client: Client) => Promise<T>): Promise<T> {
  const address = settings.temporalAddress;
  try {
    await probe(address);
  } catch (error) {
    throw unreachable(address, networkReason(error));
  }
  // Loaded here, not at the top: the SDK takes half a second to load, and most commands only talk to the API.
  const { Client, Connection } = require('@temporalio/client') as typeof import('@temporalio/client');
  let connection: import('@temporalio/client').Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: CONNECT_TIMEOUT_MS });
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
