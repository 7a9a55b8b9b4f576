import fs from 'node:fs';
import path from 'node:path';
import { type ManagedProcess, startManagedProcess } from '../../stack/managed-process';
import { isListening } from '../../stack/ports';

const ROOT = path.resolve(__dirname, '..', '..');

/** BENCH_CPU_PROFILE_DIR=dir: every process under test writes a V8 CPU profile there when it exits. */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

/** A profiled process writes its profile on the way out, which can take longer than an unprofiled stop. */
const STOP_GRACE_MS = process.env.BENCH_CPU_PROFILE_DIR ? 60_000 : 5_000;

/** A TypeScript entry point of this repo as a child process, through tsx as `npm start` runs its roles. */
export function spawnScript(options: {
  name: string;
  script: string;
  args?: string[];
  env: Record<string, string>;
  logDir: string;
  /** A line in the log that means ready, or a port that must accept connections. */
  readyLine?: string;
  readyPort?: number;
}): Promise<ManagedProcess> {
  const logFile = path.join(options.logDir, `${options.name.replaceAll(/\W+/g, '-')}.log`);
  return startManagedProcess({
    name: options.name,
    command: process.execPath,
    args: [...profileFlags(), '--import', 'tsx', path.join(ROOT, options.script), ...(options.args ?? [])],
    env: { ...process.env, ...options.env, NODE_OPTIONS: '' },
    cwd: ROOT,
    logFile,
    ready: async () => {
      if (options.readyPort !== undefined && !(await isListening(options.readyPort))) return false;
      if (options.readyLine && !fs.readFileSync(logFile, 'utf8').includes(options.readyLine)) return false;
      return true;
    },
    readyTimeoutMs: 180_000,
  });
}

/** A deployment's worker processes by index, so a measurement can kill one and start it again. */
export class WorkerProcesses {
  private readonly running: Array<ManagedProcess | undefined> = [];

  constructor(private readonly spawn: () => Promise<ManagedProcess>) {}

  async start(index: number): Promise<void> {
    this.running[index] = await this.spawn();
  }

  async startAll(count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, (_, index) => this.start(index)));
  }

  async kill(index: number): Promise<void> {
    await this.running[index]?.kill();
    this.running[index] = undefined;
  }

  pids(): number[] {
    return this.running.filter((worker): worker is ManagedProcess => Boolean(worker)).map((w) => w.pid);
  }

  async stop(): Promise<void> {
    for (const worker of this.running) await worker?.stop(STOP_GRACE_MS);
  }
}
