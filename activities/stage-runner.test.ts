import { ApplicationFailure } from '@temporalio/common';
import type { GenerateArticleInput } from '../workflows/input';
import type { ActivityDeps } from './deps';
import { checkStageInput, runStage } from './stage-runner';

const valid: GenerateArticleInput = {
  articleId: 'article-1',
  owner: 'user-1',
  language: 'en',
  level: 'B1',
  length: 300,
  topic: 'solar power',
  retry: { budgetMs: 60_000, maxIntervalMs: 1_000 },
};

function failureOf(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the check to fail');
}

test('a valid input passes the check, with or without a retry budget', () => {
  expect(() => checkStageInput(valid)).not.toThrow();
  expect(() => checkStageInput({ ...valid, retry: undefined })).not.toThrow();
});

test('an invalid input fails for good, with every problem in the message', () => {
  const failure = failureOf(() => checkStageInput({ ...valid, level: 'Z9', length: 50_000 }));
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({
    type: 'InvalidInput',
    nonRetryable: true,
    message:
      'Invalid article request: level must be one of A1, A2, B1, B2, C1, C2; length must be at most 2000 words',
  });
  expect(failureOf(() => checkStageInput({ ...valid, owner: '' }))).toMatchObject({ type: 'InvalidInput' });
  expect(
    failureOf(() => checkStageInput({ ...valid, retry: { budgetMs: 10, maxIntervalMs: 1_000 } })),
  ).toMatchObject({ type: 'InvalidInput' });
});

test('a stage with invalid input fails before it touches its dependencies or the activity context', async () => {
  const touched: string[] = [];
  const deps = new Proxy({} as ActivityDeps, {
    get: (_target, key) => {
      touched.push(String(key));
      throw new Error(`deps.${String(key)} was used`);
    },
  });
  const produce = jest.fn();
  const invalid = { ...valid, level: 'Z9' } as unknown as GenerateArticleInput;
  // Outside an activity, Context.current() throws: reaching it would fail with another error.
  await expect(runStage(deps, 'research', invalid, {}, produce)).rejects.toMatchObject({
    type: 'InvalidInput',
  });
  expect(touched).toEqual([]);
  expect(produce).not.toHaveBeenCalled();
});
