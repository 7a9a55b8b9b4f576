import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { S3BlobStore } from '../../activities/storage';
import type { BlobSettings } from '../../config/env';
import { waitFor } from '../../stack/ports';
import { startVersitygw, type VersitygwHandle } from '../../stack/versitygw';
import type { GenerateArticleInput } from '../../workflows/input';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { printFigures, seconds } from './figures';
import { expectOneSetOfOutputs } from './stored-outputs';

/**
 * Outages: object storage (a real S3 server) goes away for 30 s, and PostgreSQL stops and starts again, each
 * while generations are in flight. Stage writes, uploads and status writes must be retried until every
 * generation completes. OPAD_RELIABILITY_LONG=1 runs more generations and longer outages.
 */
const LONG = Boolean(process.env.OPAD_RELIABILITY_LONG);
const GENERATIONS = LONG ? 30 : 10;
const STORAGE_DOWN_MS = LONG ? 90_000 : 30_000;
const DATABASE_DOWN_MS = LONG ? 30_000 : 5_000;

const harness = new PipelineHarness();
const gatewayDir = path.join(harness.dir, 'versitygw');
let gateway: VersitygwHandle;
let blobs: S3BlobStore;

beforeAll(async () => {
  await harness.start();
  gateway = await startVersitygw({ rootDir: gatewayDir });
  const settings: BlobSettings = { backend: 's3', ...gateway.s3, bucket: 'opad-outages' };
  blobs = new S3BlobStore(settings);
  await blobs.ensureBucket();
  await harness.startWorker({ blobs: settings });
  // Slow streams keep generations in flight while a dependency is down.
  for (const stage of ['research', 'draft', 'adapt']) harness.llm.setChunkDelay(stage, 250);
});
afterAll(async () => {
  blobs?.destroy();
  await harness.close();
  await gateway?.stop();
});

/**
 * Starts the generations with the first one held at the start of upload by a lock on its article row, so that
 * an upload is certainly in flight when the outage begins. NO KEY UPDATE still lets usage rows reference it.
 */
async function startGenerations(label: string) {
  const owner = await harness.createUser();
  const inputs = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) => harness.createArticle({ topic: `${label} ${i}` }, owner)),
  );
  const [held, ...others] = inputs as [GenerateArticleInput, ...GenerateArticleInput[]];
  const heldHandle = await harness.startGeneration(held);
  await harness.llm.waitForRequests('adapt');
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  harness.db
    .transaction()
    .execute(async (trx) => {
      await sql`SELECT id FROM articles WHERE id = ${held.articleId} FOR NO KEY UPDATE`.execute(trx);
      locked();
      await released;
    })
    // Released during a database outage, the transaction cannot commit; the hold ends either way.
    .catch(() => {});
  await lockTaken;
  await waitFor('upload to start', async () => (await harness.progress(heldHandle)).stage === 'upload');
  const handles = [heldHandle, ...(await Promise.all(others.map((input) => harness.startGeneration(input))))];
  await harness.llm.waitForRequests('draft', Math.ceil(GENERATIONS / 3));
  return { inputs, handles, release };
}

/** Waits for every generation and checks it completed once, with its row and its outputs. */
async function expectAllCompleted(run: Awaited<ReturnType<typeof startGenerations>>) {
  await Promise.all(run.handles.map((handle) => handle.result()));
  const progress = await Promise.all(run.handles.map((handle) => harness.progress(handle)));
  expect(progress.map((p) => p.status)).toEqual(run.handles.map(() => 'completed'));
  for (const input of run.inputs)
    expect((await harness.articleRow(input.articleId)).status).toBe('completed');
  await expectOneSetOfOutputs(
    blobs,
    run.inputs.map((input) => input.articleId),
  );
  const retried = progress.flatMap((p) => p.stages).filter((stage) => stage.attempts > 1);
  const errors = new Set(retried.map((stage) => `${stage.name}: ${stage.lastError?.message.slice(0, 60)}`));
  const heldUpload = progress[0]?.stages.find((stage) => stage.name === 'upload');
  // The held upload met the outage, or the test would not prove that uploads are retried.
  expect(heldUpload?.attempts).toBeGreaterThan(1);
  return { retried, errors, heldUpload };
}

test(`storage down for ${STORAGE_DOWN_MS / 1000} s: stage outputs and uploads are retried and every generation completes`, async () => {
  const run = await startGenerations('storage outage');
  const port = Number(new URL(gateway.s3.endpoint as string).port);
  await gateway.stop();
  run.release();
  await sleep(STORAGE_DOWN_MS);
  gateway = await startVersitygw({ rootDir: gatewayDir, port });
  const back = Date.now();

  const { retried, errors, heldUpload } = await expectAllCompleted(run);
  printFigures('outages: object storage', {
    generations: `${GENERATIONS} started, ${GENERATIONS} completed`,
    'storage down for': seconds(STORAGE_DOWN_MS),
    'stages retried': `${retried.length} (max attempts ${Math.max(...retried.map((s) => s.attempts))})`,
    'attempts of the upload in flight': heldUpload?.attempts ?? 0,
    'errors seen': [...errors].join(' | '),
    'all complete after storage returned': seconds(Date.now() - back),
  });
}, 300_000);

test(`PostgreSQL stopped for ${DATABASE_DOWN_MS / 1000} s: status writes are retried and every generation completes`, async () => {
  harness.llm.reset();
  for (const stage of ['research', 'draft', 'adapt']) harness.llm.setChunkDelay(stage, 250);
  const run = await startGenerations('database outage');
  const startPostgres = await harness.stopPostgres();
  run.release();
  await sleep(DATABASE_DOWN_MS);
  await startPostgres();
  const back = Date.now();

  const { retried, errors, heldUpload } = await expectAllCompleted(run);
  printFigures('outages: PostgreSQL', {
    generations: `${GENERATIONS} started, ${GENERATIONS} completed`,
    'PostgreSQL down for': seconds(DATABASE_DOWN_MS),
    'stages retried': `${retried.length} (max attempts ${Math.max(...retried.map((s) => s.attempts))})`,
    'attempts of the upload in flight': heldUpload?.attempts ?? 0,
    'errors seen': [...errors].join(' | '),
    'all complete after PostgreSQL returned': seconds(Date.now() - back),
  });
}, 300_000);
