import { countWords } from '../../activities/text';
import { DEMO_MODEL_NOTE } from '../../contracts/demo';
import { type DemoProviders, startDemoProviders } from '../../stack/demo-providers';
import { SAMPLE_STORIES } from '../../stack/sample-stories';
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

const germanBikeStory = SAMPLE_STORIES.find((s) => s.language === 'de' && s.topic === 'bike-lanes');

async function generate(level: 'B1' | 'C1', length: number) {
  const input = await harness.createArticle({
    language: 'de',
    level,
    length,
    topic: 'Fahrräder in der Stadt',
  });
  const summary = await (await harness.startGeneration(input, taskQueue)).result();
  const meta = JSON.parse((await harness.blobs.get(summary.keys.meta as string)).toString('utf8'));
  const article = (await harness.blobs.get(summary.keys.article as string)).toString('utf8');
  const [heading = '', ...paragraphs] = article.trim().split('\n\n');
  // The body follows the headline and the source line.
  const body = paragraphs.filter((paragraph) => !paragraph.startsWith('> Source:')).join('\n\n');
  return { meta, title: heading.replace(/^# /, ''), body };
}

const sentencesOf = (text: string) =>
  Array.from(new Intl.Segmenter('de', { granularity: 'sentence' }).segment(text), (s) => s.segment.trim());

test.each([
  ['B1', 150],
  ['C1', 250],
] as const)(
  'without keys, a German %s request about bicycles gets the German version at that level, cut to %i words and labelled',
  async (level, length) => {
    const version = germanBikeStory?.versions.find((v) => v.level === level);
    expect(version).toBeDefined();
    const { meta, title, body } = await generate(level, length);

    expect(meta.models).toEqual({
      research: 'opad-demo',
      draft: 'opad-demo',
      adapt: 'opad-demo',
      questions: 'opad-demo',
    });
    expect(meta.demo).toBe(DEMO_MODEL_NOTE);
    expect(meta.demo).toMatch(/^pre-written level versions, no model/);
    expect(meta.source.outlet).toBe(`${germanBikeStory?.outlet} (offline sample)`);
    expect(title).toBe(version?.title);

    // The text is the start of that version, whole sentences only, and stops once it reaches the length.
    const original = (version?.paragraphs ?? []).join(' ');
    const sentences = sentencesOf(body.replaceAll('\n\n', ' '));
    expect(sentences.join(' ')).toBe(original.slice(0, sentences.join(' ').length));
    const words = countWords(body, 'de');
    expect(words).toBeGreaterThanOrEqual(length);
    expect(words - countWords(sentences.at(-1) ?? '', 'de')).toBeLessThan(length);
    expect(words).toBeLessThan(countWords(original, 'de'));
  },
);
