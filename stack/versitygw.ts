import fs from 'node:fs';
import path from 'node:path';
import type { S3Settings } from '../config/env';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { freePort, isListening } from './ports';
import { ensureBinary } from './tools';

export interface VersitygwHandle {
  /** S3 settings that reach this server; the bucket is not created yet. */
  s3: Omit<S3Settings, 'bucket'>;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** A real S3-compatible server (versitygw, posix backend) on a free port, storing objects under `rootDir`. */
export async function startVersitygw(options: { rootDir: string; port?: number }): Promise<VersitygwHandle> {
  const binary = await ensureBinary('versitygw');
  const port = options.port ?? (await freePort());
  const objectsDir = path.join(options.rootDir, 'objects');
  fs.mkdirSync(objectsDir, { recursive: true });
  const credentials = { accessKeyId: 'opad-test-access', secretAccessKey: 'opad-test-secret-key' };
  const managed = await startManagedProcess({
    name: 'versitygw',
    command: binary,
    args: [
      '--port',
      `127.0.0.1:${port}`,
      '--access',
      credentials.accessKeyId,
      '--secret',
      credentials.secretAccessKey,
      '--quiet',
      'posix',
      objectsDir,
    ],
    logFile: path.join(options.rootDir, 'versitygw.log'),
    ready: () => isListening(port),
  });
  return {
    s3: { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials },
    process: managed,
    stop: () => managed.stop(),
  };
}
