import { FAKE_DRAFT_TITLE } from '../fixtures/fake-openai';
import { AT_B1, adaptReply, TOO_HARD } from '../fixtures/level-texts';
import { usePipelineHarness } from '../helpers/pipeline-harness';

const taskQueue = 'level-check';
const harness = usePipelineHarness(taskQueue);

async function generate() {
  const input = await harness.createArticle({ level: 'B1' });
  const summary = await (await harness.startGeneration(input, taskQueue)).result();
  const meta = JSON.parse((await harness.blobs.get(summary.keys.meta as string)).toString('utf8'));
  const article = (await harness.blobs.get(summary.keys.article as string)).toString('utf8');
  const row = await harness.db
    .selectFrom('articles')
    .select(['measured_level', 'level_score', 'level_report', 'status'])
    .where('id', '=', input.articleId)
    .executeTakeFirstOrThrow();
  return { input, summary, meta, article, row };
}

test('a text full of rare words goes back to adapt once with those words, and the second pass is published at level', async () => {
  let adaptCalls = 0;
  harness.llm.setResponder('adapt', () => adaptReply(++adaptCalls === 1 ? TOO_HARD : AT_B1));
  const { meta, article, row, summary } = await generate();

  expect(harness.llm.counts.adapt).toBe(2);
  // The revision request names the words the check found outside the B1 band, and the level it measured.
  const [instructions, message] =
    harness.llm.requests.filter((r) => r.stage === 'adapt')[1]?.body.messages ?? [];
  expect(instructions?.content).toContain('A level check measured the article at C2, above B1');
  const words = message?.content.match(/<words>\n([\s\S]*?)\n<\/words>/)?.[1]?.split('\n') ?? [];
  expect(words).toEqual(expect.arrayContaining(['photovoltaic', 'remonstrations', 'agrarian', 'vociferous']));
  expect(message?.content).toContain(`# ${FAKE_DRAFT_TITLE}`);

  expect(article).toContain('It has about nine thousand panels');
  expect(summary.title).toBe(FAKE_DRAFT_TITLE);
  expect(meta.level).toMatchObject({
    requested: 'B1',
    measured: 'B1',
    verdict: 'at-level',
    calibrated: true,
    passes: [
      { pass: 1, level: 'C2', verdict: 'too-hard' },
      { pass: 2, level: 'B1', verdict: 'at-level' },
    ],
    band: 6000,
  });
  expect(meta.level.signals.readability.formula).toBe('Flesch reading ease');
  expect(meta.level.signals.coverage).toBeGreaterThan(0.8);
  expect(meta.models.level).toBeDefined();
  expect(row).toMatchObject({ status: 'completed', measured_level: 'B1' });
  expect(row.level_score).toBeCloseTo(meta.level.score, 5);
  expect(row.level_report).toEqual(meta.level);

  // The revision's call is recorded and kept like every stage's.
  const usage = await harness.db
    .selectFrom('llm_usage')
    .select(['operation', 'kept'])
    .where('article_id', '=', meta.articleId)
    .where('operation', '=', 'adapt')
    .execute();
  expect(usage).toEqual([
    { operation: 'adapt', kept: true },
    { operation: 'adapt', kept: true },
  ]);
});

test('a text that stays too hard after two more passes is published with its measured level, not failed', async () => {
  harness.llm.setResponder('adapt', () => adaptReply(TOO_HARD));
  const { meta, row, summary } = await generate();

  expect(harness.llm.counts.adapt).toBe(3);
  expect(summary.title).toBe(FAKE_DRAFT_TITLE);
  expect(meta.level).toMatchObject({ requested: 'B1', measured: 'C2', verdict: 'too-hard' });
  expect(meta.level.passes.map((p: { verdict: string }) => p.verdict)).toEqual([
    'too-hard',
    'too-hard',
    'too-hard',
  ]);
  expect(meta.level.outOfBand).toEqual(expect.arrayContaining(['photovoltaic', 'agrarian']));
  expect(row).toMatchObject({ status: 'completed', measured_level: 'C2' });
});

test('the job shows each pass of the level check', async () => {
  let adaptCalls = 0;
  harness.llm.setResponder('adapt', () => adaptReply(++adaptCalls === 1 ? TOO_HARD : AT_B1));
  const input = await harness.createArticle({ level: 'B1' });
  const handle = await harness.startGeneration(input, taskQueue);
  await handle.result();
  const progress = await harness.progress(handle);
  const level = progress.stages.find((stage) => stage.name === 'level');
  expect(level).toMatchObject({
    status: 'completed',
    passes: [
      { pass: 1, level: 'C2', verdict: 'too-hard' },
      { pass: 2, level: 'B1', verdict: 'at-level' },
    ],
  });
  expect(level?.tokens.prompt).toBeGreaterThan(0);
});

test('in a report-only language the check measures and reports but sends nothing back and marks no word rare', async () => {
  // Spanish has no held-out texts levelled by others, so its check is not trusted (decision 025).
  harness.llm.setResponder('adapt', () => adaptReply(TOO_HARD));
  const input = await harness.createArticle({ level: 'A2', language: 'es' });
  const handle = await harness.startGeneration(input, taskQueue);
  const summary = await handle.result();
  const meta = JSON.parse((await harness.blobs.get(summary.keys.meta as string)).toString('utf8'));

  expect(harness.llm.counts.adapt).toBe(1);
  expect(meta.level).toMatchObject({
    requested: 'A2',
    verdict: 'report-only',
    trusted: false,
    passes: [{ pass: 1, verdict: 'report-only' }],
    outOfBand: [],
  });
  expect(meta.level.drivers.length).toBeGreaterThan(0);
  const progress = await harness.progress(handle);
  expect(progress.stages.find((stage) => stage.name === 'level')?.passes).toEqual([
    expect.objectContaining({ pass: 1, verdict: 'report-only' }),
  ]);
});
