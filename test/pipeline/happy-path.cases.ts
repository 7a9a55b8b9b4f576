import fs from 'node:fs';
import { type BlobStore, openBlobStore, S3BlobStore } from '../../activities/storage';
import type { BlobSettings } from '../../config/env';
import { startVersitygw, type VersitygwHandle } from '../../stack/versitygw';
import { FAKE_DRAFT_TITLE } from '../fixtures/fake-openai';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { makeTempDir } from '../helpers/tmp';

/** One generation through every stage, on the filesystem and on S3; `temporal` chooses the server it runs on. */
export function happyPathSuite(temporal?: 'dev' | 'server'): void {
  const harness = new PipelineHarness({ temporal });
  let gateway: VersitygwHandle;
  const gatewayDir = makeTempDir('pipeline-s3');

  beforeAll(async () => {
    [gateway] = await Promise.all([startVersitygw({ rootDir: gatewayDir }), harness.start()]);
  });

  afterAll(async () => {
    await harness.close();
    await gateway?.stop();
    fs.rmSync(gatewayDir, { recursive: true, force: true });
  });

  const backends: Array<[string, () => BlobSettings]> = [
    ['the filesystem', () => harness.blobSettings()],
    ['S3 (versitygw)', () => ({ backend: 's3', bucket: 'opad-pipeline', ...gateway.s3 })],
  ];

  describe.each(backends)('a generation with blobs on %s', (_name, settings) => {
    let blobs: BlobStore;
    const taskQueue = `happy-${_name.replace(/\W+/g, '-')}`;

    beforeAll(async () => {
      blobs = await openBlobStore(settings());
      await harness.startWorker({ blobs: settings(), taskQueue });
    });

    afterAll(() => {
      if (blobs instanceof S3BlobStore) blobs.destroy();
    });

    test('runs every stage, stores every output and completes the article', async () => {
      harness.llm.reset();
      const input = await harness.createArticle();
      const handle = await harness.startGeneration(input, taskQueue);
      const summary = await handle.result();

      expect(summary.title).toBe(FAKE_DRAFT_TITLE);
      expect(summary.tokens.prompt).toBeGreaterThan(0);
      expect(harness.llm.counts).toEqual({ research: 1, draft: 1, adapt: 1, questions: 1 });

      // Every stage's output is in storage, under the article's prefix.
      const keys = await blobs.list(`articles/${input.articleId}/`);
      for (const file of [
        'research.json',
        'draft.md',
        'adapted.md',
        'edits.json',
        'article.md',
        'meta.json',
      ]) {
        expect(keys.some((key) => key.endsWith(`/${file}`))).toBe(true);
      }
      const article = (await blobs.get(`articles/${input.articleId}/article.md`)).toString('utf8');
      expect(article).toMatch(
        new RegExp(`^# ${FAKE_DRAFT_TITLE}\\n\\n> Source: \\*\\*The Daily Local\\*\\*`),
      );
      expect(article).toContain(`(<${harness.news.pageUrl('solar-farms')}>)`);
      expect(article).toContain('green electricity');
      const research = JSON.parse((await blobs.get(summary.keys.research as string)).toString('utf8'));
      expect(research.chosen.url).toBe(harness.news.pageUrl('solar-farms'));
      expect(research.rejected.map((r: { url: string }) => r.url)).toEqual([
        harness.news.pageUrl('index'),
        harness.news.pageUrl('short'),
      ]);
      const edits = JSON.parse((await blobs.get(summary.keys.edits as string)).toString('utf8'));
      expect(edits[0].reason).toMatch(/common word/);

      // The progress query shows every stage with its timings.
      const progress = await harness.progress(handle);
      expect(progress.status).toBe('completed');
      expect(progress.percent).toBe(100);
      for (const stage of progress.stages) {
        expect(stage).toMatchObject({ status: 'completed', attempts: 1, reused: false });
        expect(Date.parse(stage.finishedAt as string)).toBeGreaterThanOrEqual(
          Date.parse(stage.startedAt as string),
        );
      }

      // History holds keys, not article text.
      const history = JSON.stringify(await handle.fetchHistory());
      expect(history).not.toContain('green electricity');

      const row = await harness.articleRow(input.articleId);
      expect(row).toMatchObject({
        status: 'completed',
        title: FAKE_DRAFT_TITLE,
        source_outlet: 'The Daily Local',
      });
      expect(row.source_url).toBe(harness.news.pageUrl('solar-farms'));
      expect(row.blob_keys).toMatchObject({ article: `articles/${input.articleId}/article.md` });
      expect(row.progress?.status).toBe('completed');

      const usage = await harness.db
        .selectFrom('llm_usage')
        .select(['operation', 'kept', 'prompt_tokens'])
        .where('article_id', '=', input.articleId)
        .orderBy('id')
        .execute();
      expect(usage.map((u) => [u.operation, u.kept])).toEqual([
        ['research', true],
        ['draft', true],
        ['adapt', true],
        ['questions', true],
      ]);
    });
  });
}
