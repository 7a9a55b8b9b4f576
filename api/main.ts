import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { LlmClient } from '../activities/llm/llm-client';
import { sharedLlmLimiter } from '../activities/llm/rate-limit';
import { openBlobStore } from '../activities/storage';
import { ConfigError, loadConfig } from '../config/env';
import { createLogger, scrubSecrets } from '../config/logger';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { APPLICATION_NAMES, connectDb } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { createApp } from './app';
import { createLimits } from './limits';
import { createMetrics } from './metrics';
import { openOfflineDictionary } from './offline-dictionary';
import { startOrchestration } from './orchestration';

/** The API process. It needs TEMPORAL_ADDRESS and DATABASE_URL (npm start passes both) and runs migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  const { address } = config.temporal;
  if (!address || !config.databaseUrl) {
    throw new ConfigError('The API needs TEMPORAL_ADDRESS and DATABASE_URL (npm start sets both).');
  }
  const connectionOptions = temporalConnectionOptions({ ...config.temporal, address });
  const logger = createLogger(config.logLevel);
  const db = connectDb(config.databaseUrl, 10, APPLICATION_NAMES.api);
  await migrateToLatest(db);
  // A pool of its own, so PostgreSQL tells the background work (starts, repairs, progress reads) from requests.
  const orchestrationDb = connectDb(config.databaseUrl, 5, APPLICATION_NAMES.apiOrchestration);
  // Lazy: the API starts, and accepts generations, while Temporal is down; the starter catches up later.
  const connection = Connection.lazy(connectionOptions);
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const blobs = await openBlobStore(config.blobs);
  const metrics = createMetrics();
  const orchestration = await startOrchestration({
    config,
    db: orchestrationDb,
    databaseUrl: config.databaseUrl,
    temporal,
    metrics,
    logger,
  });
  const limits = createLimits(config.databaseUrl, config.api);
  const app = createApp({
    config,
    db,
    temporal,
    blobs,
    logger,
    metrics,
    llm: new LlmClient(config.llm, sharedLlmLimiter(db, config.llm.rateLimit)),
    prices: config.llm.prices,
    dictionary: openOfflineDictionary(config.api.dictionaryDir),
    starter: orchestration.starter,
    progress: orchestration.progress,
    limits,
  });
  const server: Server = app.listen(config.api.port, () =>
    logger.info(`opad api: listening on :${config.api.port}`),
  );
  const shutdown = () => {
    logger.info('opad api: stopping');
    server.close(async () => {
      await orchestration.close();
      await limits.close();
      await connection.close();
      await orchestrationDb.destroy();
      await db.destroy();
      process.exit(0);
    });
    // Open SSE streams would hold close() forever.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(
    scrubSecrets(error instanceof ConfigError ? error.message : `opad api failed: ${error.stack}`),
  );
  process.exit(1);
});
