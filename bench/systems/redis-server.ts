import fs from 'node:fs';
import path from 'node:path';
import { type ManagedProcess, startManagedProcess } from '../../stack/managed-process';
import { freePort, isListening } from '../../stack/ports';

export interface RedisServer {
  url: string;
  process: ManagedProcess;
}

/**
 * redis-server from the system's packages (Debian: `apt-get install redis-server`) at the durability BullMQ
 * advises for production: an append-only file fsynced every second (at most a second of writes lost on a crash).
 * opad's side fsyncs too: PostgreSQL on every commit, the Temporal dev server's SQLite in WAL mode.
 */
export async function startRedis(logDir: string): Promise<RedisServer> {
  const port = await freePort();
  const dataDir = path.join(logDir, `redis-${port}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const managed = await startManagedProcess({
    name: 'redis-server',
    command: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dataDir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
    ],
    logFile: path.join(logDir, 'redis.log'),
    ready: () => isListening(port),
  }).catch((error: Error) => {
    throw new Error(
      `redis-server could not be started (${error.message.split('\n')[0]}); the baselines need it: apt-get install redis-server`,
    );
  });
  return { url: `redis://127.0.0.1:${port}`, process: managed };
}
