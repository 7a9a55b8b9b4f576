import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './ports';
import { ProcessStartError } from './process-start-error';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** SIGTERM, then SIGKILL after the grace period. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<void>;
  isRunning(): boolean;
}

/** pids (negative for process groups) of everything still running, killed if this process exits. */
const live = new Set<number>();
process.once('exit', () => {
  for (const target of live) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {}
  }
});

/**
 * Kills `pid` when this process dies, even by SIGKILL, which runs no exit hook.
 * A detached shell polls our pid, so no server outlives the test run or `npm start` that started it.
 */
export function killWhenParentDies(pid: number): () => void {
  const script =
    'while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -TERM "$1" 2>/dev/null; sleep 5; kill -KILL "$1" 2>/dev/null';
  const watchdog = spawn('/bin/sh', ['-c', script, String(process.pid), String(pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return () => {
    if (watchdog.exitCode === null) watchdog.kill('SIGKILL');
  };
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user and group, with no supplementary groups (PostgreSQL refuses to run as root). */
  runAs?: { uid: number; gid: number };
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /**
   * Run in a process group of its own and signal the whole group, as a terminal's Ctrl-C does. Needed for
   * `npm start`, because npm does not pass signals on to its script.
   */
  processGroup?: boolean;
  /** The signal `stop` sends first; SIGINT is what Ctrl-C sends. */
  stopSignal?: NodeJS.Signals;
}

/** Spawns a server, sends its output to a log file and resolves once `ready` says so. */
export async function startManagedProcess(options: StartOptions): Promise<ManagedProcess> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  // Where this start's lines begin, in a log that earlier starts of the same server may have written to.
  const logStart = fs.fstatSync(log).size;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', log, log],
    detached: options.processGroup ?? false,
    ...options.runAs,
  });
  fs.closeSync(log);
  if (child.pid === undefined) {
    // The reason (ENOENT, EACCES) comes as an 'error' event on the next tick; unheard, it would crash us.
    const reason = await new Promise<Error>((resolve) => child.once('error', resolve));
    throw new Error(`${options.name} could not be started (${options.command}): ${reason.message}`);
  }
  const target = options.processGroup ? -child.pid : child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(target, name);
    } catch {}
  };
  live.add(target);
  const cancelWatchdog = killWhenParentDies(target);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    live.delete(target);
    cancelWatchdog();
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  const stop = async (graceMs = 10_000) => {
    if (!isRunning()) return;
    signal(options.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (isRunning()) signal('SIGKILL');
    await exited;
  };
  const managed: ManagedProcess = {
    name: options.name,
    pid: child.pid,
    logFile: options.logFile,
    stop,
    kill,
    isRunning,
  };
  try {
    await waitFor(options.name, options.ready, { timeoutMs: options.readyTimeoutMs, isAlive: isRunning });
  } catch (error) {
    await stop(2_000);
    const written = fs.readFileSync(options.logFile).subarray(logStart).toString('utf8');
    const tail = written.split('\n').slice(-20).join('\n');
    throw new ProcessStartError(
      `${(error as Error).message}. Last lines of ${options.logFile}:\n${tail}`,
      written,
    );
  }
  return managed;
}
