import { useApiHarness } from '../helpers/api-harness';
import { readEvents } from '../helpers/sse';

const harness = useApiHarness();

/** What a provider really answers to a revoked key, plus an internal address a proxy put in its error. */
const PROVIDER_TEXT =
  'Incorrect API key provided: sk-proj-leaky1234. Upstream proxy 10.20.30.40:8080 refused the call.';
const INTERNALS = ['sk-proj-leaky1234', '10.20.30.40', 'Incorrect API key'];

const expectNoInternals = (text: string) => {
  for (const internal of INTERNALS)
    expect({ internal, found: text.includes(internal) }).toEqual({ internal, found: false });
};

test('a provider’s error text reaches operators, never learners: job, stream and article say it safely', async () => {
  harness.llm.injectFault('draft', { kind: 'status', status: 401, message: PROVIDER_TEXT });
  const user = await harness.signUp();
  const { body: job } = await user.post('/articles', {
    language: 'en',
    level: 'B1',
    length: 300,
    topic: 'keys',
  });
  await expect(harness.jobResult(job.jobId)).rejects.toThrow();

  const progress = await user.get(`/jobs/${job.jobId}`);
  expect(progress.body.status).toBe('failed');
  expect(progress.body.error).toMatchObject({
    type: 'LlmAuthError',
    stage: 'draft',
    message: expect.stringMatching(/setting the operator must fix/),
  });
  expect(progress.body.message).toMatch(/^Failed while at draft: opad cannot reach one of its services/);
  expectNoInternals(progress.text);

  const { events } = await readEvents(`${harness.baseUrl}/jobs/${job.jobId}/events`, {
    authorization: `Bearer ${user.token}`,
  });
  expect(events.at(-1)?.event).toBe('end');
  expectNoInternals(events.map((event) => event.data).join('\n'));

  const article = await user.get(`/articles/${job.articleId}`);
  expect(article.body.error).toMatchObject({ type: 'LlmAuthError', stage: 'draft' });
  expectNoInternals(article.text);
  expectNoInternals((await user.get('/articles')).text);

  // The operator still has the whole story: in the article's row and in the workflow's history in Temporal.
  expect((await harness.articleRow(job.articleId)).error?.message).toContain('sk-proj-leaky1234');
  const history = JSON.stringify(await harness.client.workflow.getHandle(job.jobId).fetchHistory());
  expect(history).toContain('10.20.30.40');
});

test('a dictionary lookup the model cannot answer is a 503 in safe words', async () => {
  harness.llm.injectFault('dictionary', { kind: 'status', status: 401, message: PROVIDER_TEXT });
  const user = await harness.signUp();
  const res = await user.post('/dictionary/lookup', {
    word: 'farms',
    sentence: 'The town is building two solar farms.',
    language: 'en',
    mode: 'context',
  });
  expect(res.status).toBe(503);
  expect(res.body.error).toMatchObject({
    code: 'dictionary_unavailable',
    message: expect.stringMatching(/^The dictionary is unavailable right now: opad cannot reach/),
  });
  expectNoInternals(res.text);
});
