import { spawn } from 'node:child_process';
import { ApplicationFailure } from '@temporalio/common';

/**
 * Runs a narration tool with `input` on stdin and returns its stdout. A missing tool or a failed run is
 * non-retryable: the same text gives the same failure, and narration is never worth delaying an article for.
 */
export function runTool(
  command: string,
  args: string[],
  input: Buffer,
  signal: AbortSignal,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { signal, stdio: ['pipe', 'pipe', 'pipe'] });
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
            `${command} is not installed; install Debian's espeak-ng and opus-tools packages (npm run tools does, as root)`,
            'NarrationUnavailable',
          ),
        );
      }
      reject(
        ApplicationFailure.nonRetryable(`${command} could not run: ${error.message}`, 'NarrationFailed'),
      );
    });
    child.on('close', (code, killedBy) => {
      if (code === 0) return resolve(Buffer.concat(out));
      if (signal.aborted) return;
      const why = killedBy ? `was killed by ${killedBy}` : `exited with ${code}`;
      reject(
        ApplicationFailure.nonRetryable(
          `${command} ${why}${err.trim() ? `: ${err.trim()}` : ''}`,
          'NarrationFailed',
        ),
      );
    });
    // A tool that exits early closes stdin; its exit code then says what went wrong, not EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
