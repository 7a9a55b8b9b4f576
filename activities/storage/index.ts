import type { BlobSettings } from '../../config/env';
import type { BlobStore } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { S3BlobStore } from './s3-blob-store';

export * from './blob-store';
export { FsBlobStore } from './fs-blob-store';
export { S3BlobStore } from './s3-blob-store';

/** Opens the configured store and makes sure it can be written (creating the S3 bucket if needed). */
export async function openBlobStore(settings: BlobSettings): Promise<BlobStore> {
  if (settings.backend === 'fs') {
    const store = new FsBlobStore(settings.dir);
    await store.ping();
    return store;
  }
  const store = new S3BlobStore(settings);
  await store.ensureBucket();
  return store;
}
