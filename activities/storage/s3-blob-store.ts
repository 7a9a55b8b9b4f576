import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../../config/env';
import { assertValidKey, BlobNotFoundError, type BlobStore, StorageUnavailableError } from './blob-store';

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404)
  );
}

/** An answer of the store itself below 500 (not found, denied) is kept; no answer or a 5xx is an outage. */
function asOutage(error: unknown): unknown {
  const answered = error instanceof S3ServiceException && (error.$metadata.httpStatusCode ?? 500) < 500;
  return answered ? error : new StorageUnavailableError(error);
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw asOutage(error);
  }
}

const S3_CONNECT_TIMEOUT_MS = 5_000;
/** Longest silence on one S3 request; blobs are small (an article, its metadata). */
const S3_REQUEST_TIMEOUT_MS = 30_000;

/** Any S3-compatible store (AWS S3, versitygw, MinIO, R2) through the AWS SDK. */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  readonly bucket: string;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      maxAttempts: 3,
      // A store that hangs fails the call (and the stage retries) instead of holding it for the stage's limit.
      requestHandler: {
        connectionTimeout: S3_CONNECT_TIMEOUT_MS,
        requestTimeout: settings.requestTimeoutMs ?? S3_REQUEST_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      },
    });
  }

  async put(key: string, body: string | Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    assertValidKey(key);
    await call(() =>
      this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
      ),
    );
  }

  async get(key: string): Promise<Buffer> {
    assertValidKey(key);
    try {
      const result = await call(() =>
        this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      if (!result.Body) throw new BlobNotFoundError(key);
      return Buffer.from(
        await call(() => (result.Body as NonNullable<typeof result.Body>).transformToByteArray()),
      );
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    try {
      await call(() => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    return call(async () => {
      const keys: string[] = [];
      const pages = paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix });
      for await (const page of pages) {
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      }
      return keys;
    });
  }

  async ping(): Promise<void> {
    await call(() => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  /** Creates the bucket on first use, so a fresh S3-compatible server works without manual set-up. */
  async ensureBucket(): Promise<void> {
    try {
      await this.ping();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
