import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { commandsOf, scheduledActivities } from '../helpers/history-events';
import { loadRecordedHistories, replayAgainstCurrentCode } from './histories';

const histories = loadRecordedHistories();
const history = (name: string) => histories.find((h) => h.name === name)?.history;
const text = (name: string) => JSON.stringify(history(name));
/** The activity types a recorded run scheduled, in order. */
const activities = (name: string) => scheduledActivities(history(name));

test('the recorded histories cover each path, before and after the patches stage-retry-by-time-budget, level-check, comprehension-questions, narration, outcome-as-local-activity and input-checked-by-stages', () => {
  const paths = ['failed-at-adapt', 'happy-path', 'retried-after-failure'];
  const budgetPaths = [...paths, 'gave-up-after-budget', 'waited-out-outage'].sort();
  const narrationPaths = [
    ...budgetPaths,
    'published-without-audio',
    'published-without-questions',
    'revised-for-level',
  ];
  expect(histories.map((h) => h.name)).toEqual([
    ...paths.map((name) => `before-time-budget-${name}`),
    ...[...narrationPaths, 'cancelled', 'invalid-input', 'started-before-the-patch']
      .sort()
      .map((name) => `input-checked-${name}`),
    ...[...budgetPaths, 'revised-for-level'].sort().map((name) => `level-check-${name}`),
    ...[...narrationPaths, 'cancelled', 'invalid-input', 'started-before-the-patch']
      .sort()
      .map((name) => `local-outcome-${name}`),
    ...narrationPaths.sort().map((name) => `narration-${name}`),
    ...[...budgetPaths, 'published-without-questions', 'revised-for-level']
      .sort()
      .map((name) => `questions-${name}`),
    ...budgetPaths.map((name) => `time-budget-${name}`),
  ]);
});

test('the histories after the patch level-check run the check, and one sends the text back once', () => {
  expect(activities('level-check-happy-path')).toEqual([
    'research',
    'draft',
    'adapt',
    'checkLevel',
    'upload',
    'recordOutcome',
  ]);
  expect(activities('level-check-revised-for-level')).toEqual([
    'research',
    'draft',
    'adapt',
    'checkLevel',
    'reviseForLevel',
    'checkLevel',
    'upload',
    'recordOutcome',
  ]);
  expect(text('time-budget-happy-path')).not.toContain('checkLevel');
});

test('the histories after the patch comprehension-questions write questions, or publish without them', () => {
  expect(activities('questions-happy-path')).toEqual([
    'research',
    'draft',
    'adapt',
    'checkLevel',
    'writeQuestions',
    'upload',
    'recordOutcome',
  ]);
  expect(activities('questions-published-without-questions')).toContain('upload');
  expect(text('questions-published-without-questions')).toContain('LlmAuthError');
  expect(text('level-check-happy-path')).not.toContain('writeQuestions');
});

test('the histories after the patch narration record the audio, or publish without it', () => {
  expect(activities('narration-happy-path')).toEqual([
    'research',
    'draft',
    'adapt',
    'checkLevel',
    'writeQuestions',
    'narrate',
    'upload',
    'recordOutcome',
  ]);
  expect(text('narration-published-without-audio')).toContain('NarrationUnavailable');
  expect(activities('narration-published-without-audio')).toContain('upload');
  expect(text('questions-happy-path')).not.toContain('narrate');
});

test('the histories after the patch outcome-as-local-activity record the outcome locally, however the run ended', () => {
  const endings = ['happy-path', 'failed-at-adapt', 'gave-up-after-budget', 'cancelled'];
  for (const ending of endings) {
    const commands = commandsOf(history(`local-outcome-${ending}`)).map((c) => c.command);
    expect(commands.slice(-2)).toEqual(['patch:outcome-as-local-activity', 'local:recordOutcome']);
    expect(activities(`local-outcome-${ending}`)).not.toContain('recordOutcome');
  }
  expect(text('local-outcome-cancelled')).toContain('WORKFLOW_EXECUTION_CANCELED');
  expect(activities('narration-happy-path').at(-1)).toBe('recordOutcome');
  expect(text('narration-happy-path')).not.toContain('core_local_activity');
});

test('the histories after the patch input-checked-by-stages leave the input to the stages', () => {
  const patches = [
    'patch:stage-retry-by-time-budget',
    'patch:level-check',
    'patch:comprehension-questions',
    'patch:narration',
  ];
  const firstCommands = (name: string) =>
    commandsOf(history(name))
      .map((c) => c.command)
      .slice(0, 6);
  expect(firstCommands('input-checked-happy-path')).toEqual([
    ...patches,
    'patch:input-checked-by-stages',
    'research',
  ]);
  expect(firstCommands('local-outcome-happy-path')).toEqual([...patches, 'research', 'draft']);
  const invalid =
    'Invalid article request: level must be one of A1, A2, B1, B2, C1, C2; length must be at most 2000 words';
  // Now the first stage finds the input invalid, once, without a retry; before, the workflow did, before any stage.
  expect(activities('input-checked-invalid-input')).toEqual(['research']);
  expect(text('input-checked-invalid-input')).toContain(invalid);
  expect(text('input-checked-invalid-input')).toContain('"type":"InvalidInput"');
  expect(activities('local-outcome-invalid-input')).toEqual([]);
  expect(text('local-outcome-invalid-input')).toContain(invalid);
  expect(commandsOf(history('local-outcome-invalid-input')).map((c) => c.command)).not.toContain(
    'patch:input-checked-by-stages',
  );
  for (const name of ['input-checked-invalid-input', 'local-outcome-invalid-input'])
    expect(
      commandsOf(history(name))
        .map((c) => c.command)
        .slice(-2),
    ).toEqual(['patch:outcome-as-local-activity', 'local:recordOutcome']);
});

test('the histories of a rolling deploy: the stages before it on the old build, the rest and the local outcome on the new', () => {
  for (const name of ['local-outcome-started-before-the-patch', 'input-checked-started-before-the-patch']) {
    const commands = commandsOf(history(name));
    const [oldBuild, newBuild, ...others] = [...new Set(commands.map((c) => c.buildId))];
    expect(others).toEqual([]);
    const by = (buildId: string | undefined) =>
      commands.filter((c) => c.buildId === buildId && !c.command.startsWith('patch:')).map((c) => c.command);
    expect(by(oldBuild)).toEqual(['research', 'draft']);
    expect(by(newBuild)).toEqual([
      'adapt',
      'checkLevel',
      'writeQuestions',
      'narrate',
      'upload',
      'local:recordOutcome',
    ]);
  }
  // A patch asked at the start: the run that started before it stays on the old path on the new code.
  expect(commandsOf(history('input-checked-started-before-the-patch')).map((c) => c.command)).not.toContain(
    'patch:input-checked-by-stages',
  );
});

test('the histories after the patch show a stage waiting, and a generation whose budget ran out', () => {
  // The patch marker, and each stage bounded by its time budget (6 h by default) instead of 10 attempts.
  expect(text('time-budget-happy-path')).toContain('"markerName":"core_patch"');
  expect(text('time-budget-happy-path')).toContain('"scheduleToCloseTimeout":"21600s"');
  expect(text('time-budget-waited-out-outage')).toContain('OpadWaitingOn');
  expect(text('time-budget-gave-up-after-budget')).toContain('Gave up when the retry time budget ran out');
  expect(text('before-time-budget-happy-path')).not.toContain('"markerName":"core_patch"');
  expect(text('before-time-budget-happy-path')).toContain('"maximumAttempts":10');
});

test('every recorded history replays against the current workflow code', async () => {
  const results = await replayAgainstCurrentCode(histories);
  expect(results).toHaveLength(histories.length);
  for (const result of results) expect(result).toEqual({ workflowId: result.workflowId, error: undefined });
});

test('a nondeterministic change to the workflow fails replay', async () => {
  const happy = histories.find((h) => h.name === 'time-budget-happy-path');
  const replay = Worker.runReplayHistory(
    { workflowsPath: require.resolve('../fixtures/workflows/nondeterministic') },
    happy?.history,
  );
  await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
});
