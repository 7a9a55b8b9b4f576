export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A failure a person can act on: printed as `opad: message` plus hint lines, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hints: string[] = [],
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** The command line itself is wrong; exits 2 like other usage errors. */
export class UsageError extends CliError {
  constructor(message: string, hints: string[] = []) {
    super(message, hints, EXIT.usage);
  }
}

export const notSignedIn = () => new CliError('not signed in or the token expired: run `opad login`');

/** The few words that say why a network call failed, e.g. `connect ECONNREFUSED 127.0.0.1:1`. */
export function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
    else if (current.cause) current = current.cause;
    else break;
  }
  if (current instanceof Error) return current.message || current.name;
  return String(current);
}

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current instanceof AggregateError ? current.errors[0] : current.cause;
  }
  return undefined;
}
