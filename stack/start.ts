import path from 'node:path';
import { openBlobStore } from '../activities/storage';
import { type Config, ConfigError, loadConfig } from '../config/env';
import { connectDb } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { isListening } from './ports';
import { type PostgresHandle, startPostgres } from './postgres';
import { startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server';

interface RunningStack {
  temporalAddress: string;
  temporalUi?: string;
  databaseUrl: string;
  stops: Array<() => Promise<void>>;
}

async function startTemporal(config: Config): Promise<TemporalDevServer | undefined> {
  if (config.temporal.address) return undefined;
  const { devServerPort, uiPort } = config.temporal;
  for (const [port, variable] of [
    [devServerPort, 'TEMPORAL_PORT'],
    [uiPort, 'TEMPORAL_UI_PORT'],
  ] as const) {
    if (await isListening(port)) {
      throw new ConfigError(`Port ${port} is taken; free it, or choose another with ${variable}.`);
    }
  }
  return startTemporalDevServer({
    dataDir: path.join(config.dataDir, 'temporal'),
    port: devServerPort,
    uiPort,
    namespace: config.temporal.namespace,
  });
}

/** Brings up the local stack on embedded defaults: Temporal dev server, PostgreSQL (migrated) and blob storage. */
async function startStack(config: Config): Promise<RunningStack> {
  const stops: Array<() => Promise<void>> = [];
  const temporal = await startTemporal(config);
  if (temporal) stops.unshift(() => temporal.stop());
  const postgres: PostgresHandle = await startPostgres({
    dataDir: path.join(config.dataDir, 'postgres'),
    databaseUrl: config.databaseUrl,
  });
  stops.unshift(() => postgres.stop());
  const db = connectDb(postgres.url);
  const applied = await migrateToLatest(db);
  await db.destroy();
  if (applied.length > 0) console.log(`opad: applied migrations ${applied.join(', ')}`);
  await openBlobStore(config.blobs);
  return {
    temporalAddress: temporal?.address ?? (config.temporal.address as string),
    temporalUi: temporal?.uiUrl,
    databaseUrl: postgres.url,
    stops,
  };
}

function banner(config: Config, stack: RunningStack): string {
  const storage = config.blobs.backend === 'fs' ? config.blobs.dir : `s3://${config.blobs.bucket}`;
  return [
    '',
    'opad is up',
    `  Temporal        ${stack.temporalAddress} (namespace ${config.temporal.namespace})`,
    `  Temporal Web UI ${stack.temporalUi ?? 'served by your Temporal cluster'}`,
    `  PostgreSQL      ${stack.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
    `  Blob storage    ${storage}`,
    '  Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const stack = await startStack(config);
  console.log(banner(config, stack));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('opad: stopping...');
    for (const stop of stack.stops) await stop().catch((error: Error) => console.error(error.message));
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : `opad could not start: ${error.stack}`);
  process.exit(1);
});
