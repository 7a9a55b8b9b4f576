/** Where a command writes. Progress goes to `out`; errors and hints go to `err`, so `--json` output stays clean. */
export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Redraw in place only on a terminal; pipes and files get one line per change. */
  isTTY: boolean;
  /** Lines are cut to this width so a redraw never wraps. */
  columns: number;
}

export function processIo(): Io {
  return {
    out: process.stdout,
    err: process.stderr,
    isTTY: Boolean(process.stdout.isTTY),
    // Only a terminal has a width; a pipe or file gets whole lines.
    columns: process.stdout.isTTY ? process.stdout.columns || 80 : Number.POSITIVE_INFINITY,
  };
}

export function println(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}

/** Resolves once everything written so far has reached the OS, so exiting cannot cut piped output short. */
export function drain(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
