import { type DemoProviders, startDemoProviders } from '../../stack/demo-providers';
import { SAMPLE_ARTICLES } from '../../stack/sample-articles';
import { PipelineHarness } from '../helpers/pipeline-harness';

const harness = new PipelineHarness();
let demo: DemoProviders;
const taskQueue = 'demo-providers';

beforeAll(async () => {
  [demo] = await Promise.all([startDemoProviders(), harness.start()]);
  await harness.startWorker({
    taskQueue,
    env: {
      OPENAI_BASE_URL: demo.llmBaseUrl,
      OPENAI_API_KEY: 'demo',
      LLM_MODEL: 'opad-demo',
      SERPER_BASE_URL: demo.newsBaseUrl,
      SERPER_API_KEY: 'offline',
    },
  });
});
afterAll(async () => {
  await harness.close();
  await demo?.close();
});

test('without provider keys, the demo model and the offline sample news run the whole pipeline, labelled', async () => {
  const input = await harness.createArticle({ level: 'A2', length: 120, topic: 'wind power' });
  const summary = await (await harness.startGeneration(input, taskQueue)).result();

  const meta = JSON.parse((await harness.blobs.get(summary.keys.meta as string)).toString('utf8'));
  expect(meta.models).toEqual({ research: 'opad-demo', draft: 'opad-demo', adapt: 'opad-demo' });
  expect(meta.source.outlet).toMatch(/\(offline sample\)$/);

  // The demo model invents nothing: every sentence of the article comes from the sample it picked.
  const sample = SAMPLE_ARTICLES.find((article) => article.title === meta.title);
  expect(sample).toBeDefined();
  const article = (await harness.blobs.get(summary.keys.article as string)).toString('utf8');
  const body = article.split('\n\n').slice(2).join(' ');
  const sentences = body.match(/[^.!?]+[.!?]+["”]?/g) ?? [];
  expect(sentences.length).toBeGreaterThan(2);
  const source = sample?.paragraphs.join(' ') ?? '';
  for (const sentence of sentences) expect(source).toContain(sentence.trim());
  expect(meta.wordCount).toBeGreaterThanOrEqual(120);
});
