import { normalizeSentence } from '../../activities/prompts/questions';
import { FAKE_QUESTIONS } from '../fixtures/fake-openai';
import { usePipelineHarness } from '../helpers/pipeline-harness';

const taskQueue = 'questions';
const harness = usePipelineHarness(taskQueue);

async function generate() {
  const input = await harness.createArticle();
  const handle = await harness.startGeneration(input, taskQueue);
  const summary = await handle.result();
  const meta = JSON.parse((await harness.blobs.get(summary.keys.meta as string)).toString('utf8'));
  const article = (await harness.blobs.get(summary.keys.article as string)).toString('utf8');
  return { handle, summary, meta, article };
}

test('a question whose supporting sentence is not in the text is asked again; only questions with real sentences are stored', async () => {
  let calls = 0;
  harness.llm.setResponder('questions', () => {
    calls++;
    const invented = { ...FAKE_QUESTIONS[0], evidence: 'Millbrook also plans a wind farm on the hill.' };
    return JSON.stringify({
      questions: calls === 1 ? [invented, ...FAKE_QUESTIONS.slice(1)] : FAKE_QUESTIONS,
    });
  });
  const { summary, meta, article } = await generate();

  // One call, then the corrective retry that names the sentence it could not find.
  expect(harness.llm.counts.questions).toBe(2);
  const retry = harness.llm.requests.filter((r) => r.stage === 'questions')[1]?.body.messages.at(-1)?.content;
  expect(retry).toContain('Millbrook also plans a wind farm on the hill.');
  expect(retry).toContain('is not in the article');

  const stored = JSON.parse((await harness.blobs.get(summary.keys.questions as string)).toString('utf8'));
  expect(stored).toEqual(FAKE_QUESTIONS);
  for (const question of stored)
    expect(normalizeSentence(article)).toContain(normalizeSentence(question.evidence));
  expect(meta.questions).toEqual({ count: 3 });
  expect(meta.keys.questions).toBe(summary.keys.questions);
});

test('a supporting "sentence" that is only a fragment of one is asked again, and the whole sentence is stored', async () => {
  let calls = 0;
  harness.llm.setResponder('questions', () => {
    calls++;
    // A fragment of a sentence, and (third question) a sentence copied with other quotes than the article's.
    const fragment = { ...FAKE_QUESTIONS[0], evidence: 'two solar farms' };
    const curly = {
      ...FAKE_QUESTIONS[2],
      evidence: '“We want energy that belongs to the people here,” says the mayor, Ana Ruiz.',
    };
    return JSON.stringify({
      questions:
        calls === 1 ? [fragment, FAKE_QUESTIONS[1], curly] : [FAKE_QUESTIONS[0], FAKE_QUESTIONS[1], curly],
    });
  });
  const { summary } = await generate();

  // The fragment is in the text, yet it gets the corrective retry, which names the whole sentence to copy.
  expect(harness.llm.counts.questions).toBe(2);
  const retry = harness.llm.requests.filter((r) => r.stage === 'questions')[1]?.body.messages.at(-1)?.content;
  expect(retry).toContain(
    'the supporting sentence "two solar farms" is only part of the sentence "The town of Millbrook is building two solar farms."; copy the whole sentence',
  );
  // Only the fragment was named: the sentence with other quotes is the article's sentence.
  expect(retry).not.toContain('Ana Ruiz');

  // Each stored sentence is one sentence of the article as the reader shows it, its quotes included.
  const stored = JSON.parse((await harness.blobs.get(summary.keys.questions as string)).toString('utf8'));
  expect(stored).toEqual(FAKE_QUESTIONS);
});

test('a supporting "sentence" of two sentences is asked again', async () => {
  let calls = 0;
  harness.llm.setResponder('questions', () => {
    calls++;
    const two = {
      ...FAKE_QUESTIONS[1],
      evidence: 'The project costs 4 million dollars. Families can buy a small part of it.',
    };
    return JSON.stringify({
      questions: calls === 1 ? [FAKE_QUESTIONS[0], two, FAKE_QUESTIONS[2]] : FAKE_QUESTIONS,
    });
  });
  const { summary } = await generate();

  expect(harness.llm.counts.questions).toBe(2);
  const retry = harness.llm.requests.filter((r) => r.stage === 'questions')[1]?.body.messages.at(-1)?.content;
  expect(retry).toContain('spans more than one sentence of the article; copy only the one sentence');
  const stored = JSON.parse((await harness.blobs.get(summary.keys.questions as string)).toString('utf8'));
  expect(stored).toEqual(FAKE_QUESTIONS);
});

test('when questions cannot be written, the article is published without them and the job says why', async () => {
  harness.llm.injectFault('questions', { kind: 'status', status: 401 });
  const { handle, summary, meta } = await generate();

  expect(summary.title).toBeTruthy();
  expect(summary.keys.questions).toBeUndefined();
  expect(meta.questions).toEqual({ count: 0, skipped: expect.stringMatching(/refused the API key/) });
  const progress = await harness.progress(handle);
  expect(progress.status).toBe('completed');
  expect(progress.stages.find((stage) => stage.name === 'questions')).toMatchObject({
    status: 'failed',
    lastError: { type: 'LlmAuthError' },
  });
});
