import path from 'node:path';
import { ConfigError, loadConfig } from './env';

test('defaults give a local stack: filesystem blobs under .data and the default Temporal namespace', () => {
  const config = loadConfig({ HOME: '/home/reader' });
  expect(config.blobs).toEqual({ backend: 'fs', dir: path.resolve('.data/blobs') });
  expect(config.temporal).toEqual({
    address: undefined,
    mode: 'dev',
    historyShards: 4,
    namespace: 'default',
    taskQueue: 'opad-generation',
    devServerPort: 7233,
    uiPort: 8233,
    // Outages are waited out for 6 hours, with pauses of up to 5 minutes.
    stageRetry: { budgetMs: 6 * 3_600_000, maxIntervalMs: 5 * 60_000 },
  });
  // Each learner's day, and the whole service's (accounts are free).
  expect(config.api.budget).toEqual({
    dailyUsd: 2,
    dailyGenerations: 30,
    serviceDailyUsd: 50,
    serviceDailyTokens: 20_000_000,
  });
  // A fresh deployment ships with a token ceiling per minute.
  expect(config.llm.rateLimit).toEqual({ tokensPerMinute: 200_000, requestsPerMinute: 0 });
  expect(config.databaseUrl).toBeUndefined();
});

test('the retry budget and the daily budgets are read from the environment', () => {
  const config = loadConfig({
    STAGE_RETRY_BUDGET_MS: '60000',
    STAGE_RETRY_MAX_INTERVAL_MS: '2000',
    API_BUDGET_DAILY_USD: '0.5',
    API_BUDGET_DAILY_GENERATIONS: '0',
    API_BUDGET_SERVICE_DAILY_USD: '12.5',
    API_BUDGET_SERVICE_DAILY_TOKENS: '0',
  });
  expect(config.temporal.stageRetry).toEqual({ budgetMs: 60_000, maxIntervalMs: 2_000 });
  expect(config.api.budget).toEqual({
    dailyUsd: 0.5,
    dailyGenerations: 0,
    serviceDailyUsd: 12.5,
    serviceDailyTokens: 0,
  });
  expect(() => loadConfig({ STAGE_RETRY_MAX_INTERVAL_MS: '10' })).toThrow(/STAGE_RETRY_MAX_INTERVAL_MS/);
});

test('S3 settings are read from the environment', () => {
  const config = loadConfig({
    BLOB_BACKEND: 's3',
    S3_ENDPOINT: 'http://127.0.0.1:7070',
    S3_BUCKET: 'opad',
    S3_ACCESS_KEY_ID: 'key',
    S3_SECRET_ACCESS_KEY: 'secret',
    S3_FORCE_PATH_STYLE: 'false',
  });
  expect(config.blobs).toEqual({
    backend: 's3',
    endpoint: 'http://127.0.0.1:7070',
    region: 'us-east-1',
    bucket: 'opad',
    forcePathStyle: false,
    credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
  });
});

test('a bad environment stops start-up with a message naming each bad variable', () => {
  const load = () =>
    loadConfig({
      TEMPORAL_ADDRESS: 'nowhere',
      BLOB_BACKEND: 's3',
      DATABASE_URL: 'mysql://x',
      S3_ACCESS_KEY_ID: 'k',
    });
  expect(load).toThrow(ConfigError);
  let message = '';
  try {
    load();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('TEMPORAL_ADDRESS: expected host:port');
  expect(message).toContain('DATABASE_URL: expected a postgres:// connection URL');
  expect(message).toContain('S3_BUCKET: required when BLOB_BACKEND=s3');
  expect(message).toContain(
    'S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
  );
});

test('an empty variable counts as unset', () => {
  expect(loadConfig({ TEMPORAL_ADDRESS: '', BLOB_BACKEND: '' }).blobs.backend).toBe('fs');
});
