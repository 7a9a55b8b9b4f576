import { spawn } from 'node:child_process';
import os from 'node:os';
import { ApplicationFailure } from '@temporalio/common';

/** Longer than any sentence or article takes on a slow machine; a tool that hangs fails the stage by then. */
const TOOL_TIMEOUT_MS = 120_000;

/**
 * The engine failed on this text. Not retried: the same text fails the same way, and narration is never worth
 * delaying an article for (storage and database outages in the stage are still waited out).
 */
export function narrationFailed(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'NarrationFailed');
}

/**
 * What a narration tool may see of the worker's environment: where programs are, a UTF-8 locale, a home that is
 * no one's, and espeak-ng's data folder when the worker names one. Nothing else: the worker's environment holds
 * the provider keys, the database URL and the storage credentials, which no external program needs.
 */
export function toolEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: os.tmpdir(),
    ...(env.ESPEAK_DATA_PATH ? { ESPEAK_DATA_PATH: env.ESPEAK_DATA_PATH } : {}),
  };
}

/** Runs a narration tool with `input` on stdin and returns its stdout; it inherits only toolEnvironment(). */
export function runTool(
  command: string,
  args: string[],
  input: Buffer,
  signal: AbortSignal,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      signal,
      timeout: TOOL_TIMEOUT_MS,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: toolEnvironment(),
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-2_000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return reject(error);
      if (error.code === 'ENOENT') {
        return reject(
          ApplicationFailure.nonRetryable(
            `${command} is not installed on the worker (Debian's espeak-ng and opus-tools packages)`,
            'NarrationUnavailable',
          ),
        );
      }
      reject(narrationFailed(`${command} could not run: ${error.message}`));
    });
    child.on('close', (code, killedBy) => {
      if (code === 0) return resolve(Buffer.concat(out));
      if (signal.aborted) return;
      const why =
        killedBy === 'SIGTERM'
          ? `took longer than ${TOOL_TIMEOUT_MS / 1000} s`
          : killedBy
            ? `was killed by ${killedBy}`
            : `exited with ${code}`;
      reject(narrationFailed(`${command} ${why}${err.trim() ? `: ${err.trim()}` : ''}`));
    });
    // A tool that exits early closes stdin; its exit code then says what went wrong, not EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
