import fs from 'node:fs';
import {
  BlobNotFoundError,
  type BlobStore,
  FsBlobStore,
  InvalidBlobKeyError,
  openBlobStore,
  type S3BlobStore,
} from '../activities/storage';
import { startVersitygw, type VersitygwHandle } from '../stack/versitygw';
import { makeTempDir } from './helpers/tmp';

/** The same contract, run against every backend opad ships. */
function blobStoreContract(name: string, open: () => Promise<BlobStore>, close: () => Promise<void>) {
  describe(`${name} blob store`, () => {
    let store: BlobStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(close);

    test('put then get returns the same bytes, and exists turns true', async () => {
      expect(await store.exists('articles/a1/draft.md')).toBe(false);
      await store.put('articles/a1/draft.md', '# Draft\n\nText.', 'text/markdown');
      expect(await store.exists('articles/a1/draft.md')).toBe(true);
      expect((await store.get('articles/a1/draft.md')).toString('utf8')).toBe('# Draft\n\nText.');
      const binary = Uint8Array.from([0, 1, 2, 254, 255]);
      await store.put('articles/a1/raw.bin', binary);
      expect([...(await store.get('articles/a1/raw.bin'))]).toEqual([...binary]);
    });

    test('overwrite replaces the whole body', async () => {
      await store.put('articles/a2/meta.json', JSON.stringify({ version: 1, padding: 'x'.repeat(5000) }));
      await store.put('articles/a2/meta.json', '{"version":2}');
      expect((await store.get('articles/a2/meta.json')).toString()).toBe('{"version":2}');
    });

    test('list returns every key under a prefix, in byte order, and nothing else', async () => {
      for (const key of [
        'lists/b/2.md',
        'lists/b/1.md',
        'lists/b/sub/3.md',
        'lists/bb/4.md',
        'lists/c/5.md',
      ]) {
        await store.put(key, key);
      }
      expect(await store.list('lists/b/')).toEqual(['lists/b/1.md', 'lists/b/2.md', 'lists/b/sub/3.md']);
      expect(await store.list('lists/b')).toEqual([
        'lists/b/1.md',
        'lists/b/2.md',
        'lists/b/sub/3.md',
        'lists/bb/4.md',
      ]);
      expect(await store.list('lists/none/')).toEqual([]);
    });

    test('a missing key gives a typed not-found error', async () => {
      const failure = store.get('articles/missing/draft.md');
      await expect(failure).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(failure).rejects.toMatchObject({ key: 'articles/missing/draft.md' });
    });

    test('keys with non-ASCII characters round-trip and list', async () => {
      const keys = [
        'unicode/Überraschung.md',
        'unicode/기사 초안.md',
        'unicode/記事/日本語.md',
        'unicode/café ☕.md',
      ];
      for (const key of keys) await store.put(key, `body of ${key}`);
      for (const key of keys) expect((await store.get(key)).toString('utf8')).toBe(`body of ${key}`);
      expect(await store.list('unicode/')).toEqual(
        [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
      );
    });

    test('keys that could escape the store are refused', async () => {
      for (const key of ['../etc/passwd', '/abs.md', 'a//b.md', 'a/./b.md', '', 'dir/']) {
        await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
    });
  });
}

const fsRoot = makeTempDir('blobs-fs');
blobStoreContract(
  'filesystem',
  async () => new FsBlobStore(fsRoot),
  async () => fs.rmSync(fsRoot, { recursive: true, force: true }),
);

let gateway: VersitygwHandle;
let s3Store: S3BlobStore;
const s3Root = makeTempDir('blobs-s3');
blobStoreContract(
  'S3 (versitygw)',
  async () => {
    gateway = await startVersitygw({ rootDir: s3Root });
    s3Store = (await openBlobStore({ backend: 's3', bucket: 'opad-contract', ...gateway.s3 })) as S3BlobStore;
    return s3Store;
  },
  async () => {
    s3Store?.destroy();
    await gateway?.stop();
    fs.rmSync(s3Root, { recursive: true, force: true });
  },
);
