import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config/env';
import { formatSdkLogLine, scrubSecrets } from '../config/logger';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { tlsRefusal } from '../config/temporal-tls-probe';
import { buildActivityDeps } from './build-deps';
import { bundleWorkflows, createWorker } from './create-worker';

/**
 * The worker process. It needs TEMPORAL_ADDRESS and DATABASE_URL (npm start passes both). The SDK's runtime
 * turns SIGINT and SIGTERM into a graceful shutdown: no new tasks, running ones finish within the grace time.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const { address } = config.temporal;
  if (!address || !config.databaseUrl) {
    throw new ConfigError('The worker needs TEMPORAL_ADDRESS and DATABASE_URL (npm start sets both).');
  }
  const connectionOptions = temporalConnectionOptions({ ...config.temporal, address });
  // The SDK logs failed activities with their error messages; those pass through the same secret filter.
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => process.stderr.write(`${formatSdkLogLine(entry)}\n`)),
  });
  const connection = await NativeConnection.connect(connectionOptions).catch(async (error: Error) => {
    // A refused TLS handshake (a wrong server name or CA, a missing client certificate) is a setting to fix.
    const refusal = connectionOptions.tls ? await tlsRefusal(connectionOptions) : undefined;
    throw new ConfigError(
      `opad worker cannot connect to Temporal at ${address}: ${refusal ?? error.message}`,
    );
  });
  // After the worker's own connection, whose errors say why TLS failed; the client's only time out.
  const built = await buildActivityDeps(config, address, config.databaseUrl);
  const worker = await createWorker({
    config,
    connection,
    deps: built.deps,
    workflowBundle: await bundleWorkflows(),
  });
  console.log(`opad worker: polling ${config.temporal.taskQueue} on ${address}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await built.close();
  }
  console.log('opad worker: stopped');
}

main().catch((error: Error) => {
  console.error(
    scrubSecrets(error instanceof ConfigError ? error.message : `opad worker failed: ${error.stack}`),
  );
  process.exit(1);
});
