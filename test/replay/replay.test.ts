import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '../../worker/create-worker';
import { loadRecordedHistories } from './histories';

const histories = loadRecordedHistories();

test('the recorded histories cover a happy path, a failure and its retry', () => {
  expect(histories.map((h) => h.name)).toEqual(['failed-at-adapt', 'happy-path', 'retried-after-failure']);
});

test('every recorded history replays against the current workflow code', async () => {
  const workflowBundle = await bundleWorkflows();
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  expect(results).toHaveLength(histories.length);
  for (const result of results)
    expect({ workflowId: result.workflowId, error: result.error }).toEqual({
      workflowId: result.workflowId,
      error: undefined,
    });
});

test('a nondeterministic change to the workflow fails replay', async () => {
  const happy = histories.find((h) => h.name === 'happy-path');
  const replay = Worker.runReplayHistory(
    { workflowsPath: require.resolve('../fixtures/workflows/nondeterministic') },
    happy?.history,
  );
  await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
});
