/** Where stage outputs live. Keys are `/`-separated paths such as `articles/{id}/draft.md`. */
export interface BlobStore {
  /** Writes the whole object atomically: a reader sees the old body or the new one, never a part. */
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  /** Throws BlobNotFoundError when the key holds nothing. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Every key that starts with `prefix`, in byte order. */
  list(prefix: string): Promise<string[]>;
  /** Resolves when the store answers; used by health checks and start-up. */
  ping(): Promise<void>;
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super(`No blob stored under "${key}"`);
  }
}

/** The store did not answer, or answered that it cannot serve now (5xx): an outage, not a wrong request. */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  constructor(cause: unknown) {
    // The AWS SDK wraps network errors in a message that names itself rather than the problem.
    const reason = ((cause as Error)?.message ?? String(cause)).replace(
      /^AWS SDK error wrapper for (\w*Error: )?/,
      '',
    );
    super(`The article storage is unreachable: ${reason}`, { cause });
  }
}

export class InvalidBlobKeyError extends Error {
  override name = 'InvalidBlobKeyError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid blob key "${key}": ${reason}`);
  }
}

/** Keys must be relative, clean paths so that both backends map them to the same object. */
export function assertValidKey(key: string): void {
  if (key.length === 0 || key.length > 1024) throw new InvalidBlobKeyError(key, 'length must be 1-1024');
  if (key.startsWith('/') || key.endsWith('/'))
    throw new InvalidBlobKeyError(key, 'no leading or trailing /');
  if (/[\\\0]/.test(key)) throw new InvalidBlobKeyError(key, 'no backslash or NUL');
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidBlobKeyError(key, 'empty, "." and ".." segments are not allowed');
    }
  }
}

/** S3 lists keys in UTF-8 byte order; the filesystem backend sorts the same way. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
