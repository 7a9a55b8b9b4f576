import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { DEMO_MODEL_NOTE } from '../contracts/demo';
import { APPLICATION_NAMES, connectDb } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { DEMO_MODEL, type DemoProviders, startDemoProviders } from './demo-providers';
import { describeDictionaries, ensureDictionaries } from './dictionaries';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { ensureNarration } from './narration';
import { isListening } from './ports';
import { startPostgres } from './postgres';
import { embeddedDataDir } from './postgres-install';
import { type RunningTemporal, startTemporal } from './temporal';
import { buildWeb, startWeb } from './web';

type Stop = () => Promise<void>;

async function assertFree(port: number, variable: string): Promise<void> {
  if (await isListening(port))
    throw new ConfigError(`Port ${port} is taken; free it, or choose another with ${variable}.`);
}

async function startOwnTemporal(config: Config, postgresUrl: string): Promise<RunningTemporal | undefined> {
  if (config.temporal.address) return undefined;
  await assertFree(config.temporal.devServerPort, 'TEMPORAL_PORT');
  await assertFree(config.temporal.uiPort, 'TEMPORAL_UI_PORT');
  return startTemporal({
    mode: config.temporal.mode,
    // The two modes keep their state apart: switching back and forth loses neither.
    dataDir: path.join(config.dataDir, config.temporal.mode === 'dev' ? 'temporal' : 'temporal-server'),
    postgresUrl,
    historyShards: config.temporal.historyShards,
    port: config.temporal.devServerPort,
    uiPort: config.temporal.uiPort,
    namespace: config.temporal.namespace,
  });
}

function describeTemporal(config: Config, temporal: RunningTemporal | undefined): string {
  if (!temporal) return '';
  if (config.temporal.mode === 'dev') return ', the dev server';
  return `, the Temporal server on PostgreSQL with ${config.temporal.historyShards} history shards`;
}

/** Which providers this run uses; without keys, the labelled offline stand-ins. */
function providerEnv(
  config: Config,
  demo: DemoProviders | undefined,
): { env: Record<string, string>; llm: string; news: string; notice?: string } {
  const env: Record<string, string> = {};
  const standIns: string[] = [];
  let llm = `${config.llm.baseUrl ?? 'OpenAI'} (${config.llm.models.draft})`;
  let news = `Serper (${config.search.baseUrl})`;
  if (demo && !config.llm.apiKey && !config.llm.baseUrl) {
    Object.assign(env, { OPENAI_BASE_URL: demo.llmBaseUrl, OPENAI_API_KEY: 'demo', LLM_MODEL: DEMO_MODEL });
    llm = `DEMO MODEL: ${DEMO_MODEL_NOTE} (set OPENAI_API_KEY)`;
    standIns.push('a demo model that uses pre-written level versions of sample stories (no model writes)');
  }
  if (demo && !config.search.apiKey) {
    // The offline source serves its sample pages from this machine, so research may fetch from loopback.
    Object.assign(env, {
      SERPER_BASE_URL: demo.newsBaseUrl,
      SERPER_API_KEY: 'offline',
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    news = 'OFFLINE SAMPLE NEWS: sample stories in English, German, Spanish and French (set SERPER_API_KEY)';
    standIns.push('offline sample news');
  }
  const notice = standIns.length
    ? `Demo mode: ${standIns.join(' and ')} stand in for the real providers. Set OPENAI_API_KEY and SERPER_API_KEY for real articles.`
    : undefined;
  return { env, llm, news, notice };
}

function startRole(
  config: Config,
  role: 'worker' | 'api',
  env: Record<string, string>,
  ready: () => Promise<boolean>,
) {
  return startManagedProcess({
    name: `opad ${role}`,
    command: process.execPath,
    args: ['--import', 'tsx', path.resolve(__dirname, '..', role, 'main.ts')],
    env: { ...process.env, ...env },
    logFile: path.join(config.dataDir, 'logs', `${role}.log`),
    ready,
    readyTimeoutMs: 120_000,
  });
}

/**
 * The API and the worker inherit the TLS and API key variables: check their files now, before any server
 * starts. The Temporal that `npm start` runs itself takes plain connections, so they need TEMPORAL_ADDRESS.
 */
function checkTemporalSecurity(config: Config): void {
  const { address, tls, apiKey } = config.temporal;
  if (address) {
    temporalConnectionOptions({ ...config.temporal, address });
  } else if (tls || apiKey) {
    throw new ConfigError(
      'TEMPORAL_TLS, TEMPORAL_TLS_* and TEMPORAL_API_KEY are for a Temporal cluster at TEMPORAL_ADDRESS; ' +
        'the Temporal server npm start runs takes plain connections. Set TEMPORAL_ADDRESS, or unset them.',
    );
  }
}

/** `npm start`: the whole local stack on embedded defaults, one process per role. */
async function main(): Promise<void> {
  const config = loadConfig();
  const stops: Stop[] = [];
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('opad: stopping...');
    for (const stop of stops) await stop().catch((error: Error) => console.error(error.message));
    process.exit(0);
  };
  // Ctrl-C reaches this process twice, from the terminal and relayed by tsx: a second SIGINT without a handler
  // would end it mid-shutdown and leave the servers to the watchdog, the Temporal dev server mid-write.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    checkTemporalSecurity(config);
    await assertFree(config.api.port, 'API_PORT');
    await assertFree(config.web.port, 'WEB_PORT');
    // The web build needs none of the servers, so it runs while they start.
    const webBuilt = buildWeb(console.log);
    webBuilt.catch(() => {});
    const dictionaries = ensureDictionaries(config.api.dictionaryDir);
    dictionaries.catch(() => {});
    const narration = ensureNarration(config.narration);
    narration.catch(() => {});
    const postgresDir = config.databaseUrl
      ? undefined
      : embeddedDataDir(path.join(config.dataDir, 'postgres'));
    const postgres = postgresDir
      ? await startPostgres({
          dataDir: postgresDir,
          logFile: path.join(config.dataDir, 'logs', 'postgres.log'),
        })
      : { url: config.databaseUrl as string, stop: async () => {} };
    stops.unshift(() => postgres.stop());
    // The real server keeps its own two databases on the same PostgreSQL server as opad's.
    const temporal = await startOwnTemporal(config, postgres.url);
    if (temporal) stops.unshift(() => temporal.stop());
    const db = connectDb(postgres.url, 10, APPLICATION_NAMES.start);
    await migrateToLatest(db);
    await db.destroy();
    const needsDemo = (!config.llm.apiKey && !config.llm.baseUrl) || !config.search.apiKey;
    const demo = needsDemo ? await startDemoProviders() : undefined;
    if (demo) stops.unshift(() => demo.close());
    const providers = providerEnv(config, demo);
    const env = {
      TEMPORAL_ADDRESS: temporal?.address ?? (config.temporal.address as string),
      DATABASE_URL: postgres.url,
      ...providers.env,
    };
    const worker: ManagedProcess = await startRole(config, 'worker', env, async () =>
      fs.readFileSync(path.join(config.dataDir, 'logs', 'worker.log'), 'utf8').includes('polling'),
    );
    stops.unshift(() => worker.stop());
    const api = await startRole(config, 'api', env, () => isListening(config.api.port));
    stops.unshift(() => api.stop());
    await webBuilt;
    const dictionaryStatus = describeDictionaries(await dictionaries);
    const narrationStatus = await narration;
    const web = await startWeb({
      port: config.web.port,
      apiUrl: `http://127.0.0.1:${config.api.port}`,
      providersNotice: providers.notice,
      logFile: path.join(config.dataDir, 'logs', 'web.log'),
    });
    stops.unshift(() => web.stop());
    console.log(
      [
        '',
        'opad is up',
        `  Web             ${web.url}`,
        `  API             http://127.0.0.1:${config.api.port}  (see /openapi.json)`,
        `  Temporal Web UI ${temporal?.uiUrl ? `${temporal.uiUrl}  (operators only, on this machine)` : 'served by your Temporal cluster'}`,
        `  Temporal        ${env.TEMPORAL_ADDRESS} (namespace ${config.temporal.namespace}${describeTemporal(config, temporal)})`,
        `  PostgreSQL      ${postgres.url.replace(/:[^:@/]+@/, ':***@')}`,
        ...(postgresDir ? [`  Database files  ${postgresDir}`] : []),
        `  Blob storage    ${config.blobs.backend === 'fs' ? config.blobs.dir : `s3://${config.blobs.bucket}`}`,
        `  LLM             ${providers.llm}`,
        `  News            ${providers.news}`,
        `  Dictionary      ${dictionaryStatus}`,
        `  Narration       ${narrationStatus}`,
        `  Logs            ${path.join(config.dataDir, 'logs')}`,
        '  Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    console.error(
      error instanceof ConfigError ? error.message : `opad could not start: ${(error as Error).stack}`,
    );
    for (const stop of stops) await stop().catch(() => {});
    process.exit(1);
  }
}

void main();
