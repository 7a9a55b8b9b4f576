import path from 'node:path';
import { ConfigError, loadConfig } from './env';

test('defaults give a local stack: filesystem blobs under .data and the default Temporal namespace', () => {
  const config = loadConfig({ HOME: '/home/reader' });
  expect(config.blobs).toEqual({ backend: 'fs', dir: path.resolve('.data/blobs') });
  expect(config.temporal).toEqual({
    address: undefined,
    namespace: 'default',
    taskQueue: 'opad-generation',
    devServerPort: 7233,
    uiPort: 8233,
  });
  expect(config.databaseUrl).toBeUndefined();
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
