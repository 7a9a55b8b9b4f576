import fs from 'node:fs';
import { sql } from 'kysely';
import type { ManagedProcess } from '../../stack/managed-process';
import { waitFor } from '../../stack/ports';
import type { StageName } from '../../workflows/types';
import { PipelineHarness } from '../helpers/pipeline-harness';

/** A worker SIGKILLed during each stage; `temporal` chooses the server it runs on. */
export function workerCrashSuite(temporal?: 'dev' | 'server'): void {
  const harness = new PipelineHarness({ temporal });
  let worker: ManagedProcess;
  let generation = 0;

  beforeAll(async () => {
    await harness.start();
    worker = await harness.spawnWorker('0');
  });
  afterAll(() => harness.close());

  /**
   * Holds a lock on the article row, so that the stage after adapt (the level check) blocks on its first database
   * write until released. NO KEY UPDATE still lets usage rows reference the article, as a plain FOR UPDATE would
   * not. (Upload, the stage after that, is killed at random by test/reliability/crashes.test.ts.)
   */
  function lockArticleRow(articleId: string): { locked: Promise<void>; release: () => void } {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let signalLocked = () => {};
    const locked = new Promise<void>((resolve) => {
      signalLocked = resolve;
    });
    void harness.db.transaction().execute(async (trx) => {
      await sql`SELECT id FROM articles WHERE id = ${articleId} FOR NO KEY UPDATE`.execute(trx);
      signalLocked();
      await released;
    });
    return { locked, release };
  }

  const LLM_STAGES = ['research', 'draft', 'adapt'] as const;

  test.each<StageName>(['research', 'draft', 'adapt', 'level'])(
    'SIGKILL during %s: a new worker completes the generation and finished stages make no new LLM request',
    async (stage) => {
      harness.llm.reset();
      harness.news.reset();
      const input = await harness.createArticle();
      const handle = await harness.startGeneration(input);

      let lock: ReturnType<typeof lockArticleRow> | undefined;
      if (stage === 'level') {
        // Lock the row while adapt runs; the level check then hangs on its first database write.
        harness.llm.setChunkDelay('adapt', 300);
        await harness.llm.waitForRequests('adapt');
        lock = lockArticleRow(input.articleId);
        await lock.locked;
        await waitFor(
          'the level check to start',
          async () => (await harness.progress(handle)).stage === 'level',
        );
      } else {
        harness.llm.setChunkDelay(stage, 5_000);
        await harness.llm.waitForRequests(stage);
      }
      const countsAtKill = { ...harness.llm.counts };
      await worker.kill();
      harness.llm.setChunkDelay(stage, 0);
      lock?.release();

      worker = await harness.spawnWorker(String(++generation));
      const summary = await handle.result();
      expect(summary.title).toBeTruthy();

      const finishedBeforeKill = LLM_STAGES.slice(0, Math.max(0, LLM_STAGES.indexOf(stage as never)));
      const expected: Record<string, number> = { research: 1, draft: 1, adapt: 1, questions: 1 };
      if (stage !== 'level') expected[stage] = 2;
      if (stage === 'level') finishedBeforeKill.push(...LLM_STAGES);
      expect(harness.llm.counts).toEqual(expected);
      for (const finished of finishedBeforeKill)
        expect(harness.llm.counts[finished]).toBe(countsAtKill[finished]);

      const progress = await harness.progress(handle);
      expect(progress.status).toBe('completed');
      expect(progress.stages.find((s) => s.name === stage)?.attempts).toBe(2);
      const row = await harness.articleRow(input.articleId);
      expect(row.status).toBe('completed');
      const articles = await harness.blobs.list(`articles/${input.articleId}/article.md`);
      expect(articles).toEqual([`articles/${input.articleId}/article.md`]);
    },
  );

  test('SIGTERM stops the worker gracefully', async () => {
    await worker.stop();
    expect(worker.isRunning()).toBe(false);
    const log = fs.readFileSync(worker.logFile, 'utf8');
    expect(log).toContain('opad worker: stopped');
  });
}
