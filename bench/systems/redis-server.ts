import path from 'node:path';
import { type ManagedProcess, startManagedProcess } from '../../stack/managed-process';
import { freePort, isListening } from '../../stack/ports';

export interface RedisServer {
  url: string;
  process: ManagedProcess;
}

/** redis-server from the system's packages (Debian: `apt-get install redis-server`), in memory only. */
export async function startRedis(logDir: string): Promise<RedisServer> {
  const port = await freePort();
  const managed = await startManagedProcess({
    name: 'redis-server',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    logFile: path.join(logDir, 'redis.log'),
    ready: () => isListening(port),
  }).catch((error: Error) => {
    throw new Error(
      `redis-server could not be started (${error.message.split('\n')[0]}); the baselines need it: apt-get install redis-server`,
    );
  });
  return { url: `redis://127.0.0.1:${port}`, process: managed };
}
