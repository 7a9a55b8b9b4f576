import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '../../worker/create-worker';
import { loadRecordedHistories } from './histories';

const histories = loadRecordedHistories();

test('the recorded histories cover each path, before and after the patch stage-retry-by-time-budget', () => {
  const paths = ['failed-at-adapt', 'happy-path', 'retried-after-failure'];
  expect(histories.map((h) => h.name)).toEqual([
    ...paths.map((name) => `before-time-budget-${name}`),
    'time-budget-failed-at-adapt',
    'time-budget-gave-up-after-budget',
    'time-budget-happy-path',
    'time-budget-retried-after-failure',
    'time-budget-waited-out-outage',
  ]);
});

test('the histories after the patch show a stage waiting, and a generation whose budget ran out', () => {
  const text = (name: string) => JSON.stringify(histories.find((h) => h.name === name)?.history);
  // The patch marker, and each stage bounded by its time budget (6 h by default) instead of 10 attempts.
  expect(text('time-budget-happy-path')).toContain('"markerName":"core_patch"');
  expect(text('time-budget-happy-path')).toContain('"scheduleToCloseTimeout":"21600s"');
  expect(text('time-budget-waited-out-outage')).toContain('OpadWaitingOn');
  expect(text('time-budget-gave-up-after-budget')).toContain('Gave up when the retry time budget ran out');
  expect(text('before-time-budget-happy-path')).not.toContain('"markerName":"core_patch"');
  expect(text('before-time-budget-happy-path')).toContain('"maximumAttempts":10');
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
  const happy = histories.find((h) => h.name === 'time-budget-happy-path');
  const replay = Worker.runReplayHistory(
    { workflowsPath: require.resolve('../fixtures/workflows/nondeterministic') },
    happy?.history,
  );
  await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
});
