import { ProgressTracker } from './progress';
import { STAGES_BEFORE_LEVEL_CHECK, type StageName, type StageResult } from './types';

const at = new Date('2026-11-20T10:00:00.000Z');
const later = new Date('2026-11-20T10:01:00.000Z');

function result(stage: StageName, prompt = 100, completion = 50): StageResult {
  return {
    stage,
    keys: { [stage]: `articles/a1/${stage}.json` },
    tokens: { prompt, completion },
    reused: false,
  };
}

function stageOf(tracker: ProgressTracker, name: StageName) {
  const stage = tracker.snapshot().stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  return stage;
}

describe('ProgressTracker', () => {
  let tracker: ProgressTracker;

  beforeEach(() => {
    tracker = new ProgressTracker('a1', 'community solar farms', 'B1', 300_000);
  });

  test('starts queued at 0% with every stage pending', () => {
    const progress = tracker.snapshot();
    expect(progress).toMatchObject({ articleId: 'a1', status: 'queued', stage: null, percent: 0 });
    expect(progress.stages.map((s) => [s.name, s.status, s.attempts])).toEqual([
      ['research', 'pending', 0],
      ['draft', 'pending', 0],
      ['adapt', 'pending', 0],
      ['level', 'pending', 0],
      ['questions', 'pending', 0],
      ['narration', 'pending', 0],
      ['upload', 'pending', 0],
    ]);
    // Generations started before the level check have no such stage.
    const legacy = new ProgressTracker('a0', 'x', 'B1', 300_000, STAGES_BEFORE_LEVEL_CHECK);
    expect(legacy.snapshot().stages.map((s) => s.name)).toEqual(['research', 'draft', 'adapt', 'upload']);
  });

  test('each level check pass is listed, and the message says whether the text goes back', () => {
    tracker.start('level', at);
    tracker.recordLevelPass({ pass: 1, level: 'B2', score: 4.2, verdict: 'too-hard' }, true);
    expect(tracker.snapshot().message).toBe(
      'Pass 1: measured B2 (4.2) for B1; simplifying the words and sentences above the level',
    );
    tracker.recordLevelPass({ pass: 2, level: 'B1', score: 3.1, verdict: 'at-level' }, false);
    expect(tracker.snapshot().message).toBe('Pass 2: measured B1 (3.1) for B1');
    expect(stageOf(tracker, 'level').passes).toEqual([
      { pass: 1, level: 'B2', score: 4.2, verdict: 'too-hard' },
      { pass: 2, level: 'B1', score: 3.1, verdict: 'at-level' },
    ]);
  });

  test('an optional stage that failed is marked failed with its error, and the message says what is missing', () => {
    tracker.start('narration', at);
    tracker.skip('narration', { type: 'NarrationUnavailable', message: 'espeak-ng is not installed' }, later);
    expect(stageOf(tracker, 'narration')).toMatchObject({
      status: 'failed',
      lastError: { type: 'NarrationUnavailable' },
    });
    expect(tracker.snapshot().message).toBe(
      'No narration for this article; publishing it without audio (espeak-ng is not installed)',
    );
  });

  test('start marks the stage running and says what is happening', () => {
    tracker.start('research', at);
    const progress = tracker.snapshot();
    expect(progress.status).toBe('running');
    expect(progress.stage).toBe('research');
    expect(progress.message).toContain('community solar farms');
    expect(stageOf(tracker, 'research')).toMatchObject({
      status: 'running',
      attempts: 1,
      startedAt: at.toISOString(),
    });
  });

  test('draft and adapt messages name the level', () => {
    tracker.start('draft', at);
    expect(tracker.snapshot().message).toContain('B1');
    tracker.start('adapt', at);
    expect(tracker.snapshot().message).toContain('B1');
  });

  test('recordAttempt keeps the attempt count and the last error', () => {
    tracker.start('draft', at);
    const error = { type: 'LlmUnavailable', message: 'HTTP 503', nonRetryable: false };
    tracker.recordAttempt({ stage: 'draft', attempt: 3, error }, at);
    expect(stageOf(tracker, 'draft')).toMatchObject({ attempts: 3, lastError: error });
    expect(stageOf(tracker, 'draft').waiting).toBeUndefined();
    tracker.recordAttempt({ stage: 'draft', attempt: 2 }, at);
    expect(stageOf(tracker, 'draft')).toMatchObject({ attempts: 3, lastError: error });
  });

  test('an outage marks the stage waiting: on what, since when, and when the next attempt starts', () => {
    tracker.start('draft', at);
    const error = { type: 'LlmUnavailable', message: 'HTTP 503', nonRetryable: false };
    tracker.recordAttempt({ stage: 'draft', attempt: 1, error, outage: { dependency: 'llm' } }, at);
    expect(stageOf(tracker, 'draft').waiting).toEqual({
      dependency: 'llm',
      since: at.toISOString(),
      attempt: 1,
      nextAttemptAt: new Date(at.getTime() + 1_000).toISOString(),
    });
    expect(tracker.snapshot().message).toBe(
      'Waiting for the LLM provider to come back; opad tries again on its own',
    );
    expect(tracker.waitingOn()).toBe('llm');

    // Pauses double up to the cap, unless the provider asked for a delay; the outage keeps its start.
    tracker.recordAttempt({ stage: 'draft', attempt: 12, error, outage: { dependency: 'llm' } }, later);
    expect(stageOf(tracker, 'draft').waiting).toMatchObject({
      since: at.toISOString(),
      attempt: 12,
      nextAttemptAt: new Date(later.getTime() + 300_000).toISOString(),
    });
    tracker.recordAttempt(
      { stage: 'draft', attempt: 13, error, outage: { dependency: 'llm', retryAfterMs: 7_000 } },
      later,
    );
    expect(stageOf(tracker, 'draft').waiting?.nextAttemptAt).toBe(
      new Date(later.getTime() + 7_000).toISOString(),
    );

    // Attempts spent waiting out an outage are not failures of the stage itself.
    expect(stageOf(tracker, 'draft').otherFailures).toBeUndefined();
    tracker.complete(result('draft', 10, 10), later);
    expect(stageOf(tracker, 'draft').waiting).toBeUndefined();
    expect(tracker.waitingOn()).toBeUndefined();
  });

  test('a wait for the shared LLM rate limit shows until the call goes ahead', () => {
    tracker.start('adapt', at);
    const until = new Date(at.getTime() + 20_000).toISOString();
    tracker.recordAttempt({ stage: 'adapt', attempt: 1, capacityWaitUntil: until }, at);
    expect(stageOf(tracker, 'adapt').waiting).toEqual({
      dependency: 'llm',
      since: at.toISOString(),
      attempt: 1,
      nextAttemptAt: until,
      capacity: true,
    });
    expect(tracker.snapshot().message).toMatch(/^Waiting for LLM capacity/);
    tracker.recordAttempt({ stage: 'adapt', attempt: 1, capacityWaitUntil: null }, later);
    expect(stageOf(tracker, 'adapt').waiting).toBeUndefined();
    expect(tracker.snapshot().message).toMatch(/^Reviewing the text for B1/);
  });

  test('a report that arrives after its stage ended changes nothing', () => {
    tracker.start('research', at);
    const down = { type: 'LlmUnavailable', message: 'HTTP 503', nonRetryable: false };
    tracker.fail(
      { ...down, message: 'Gave up when the retry time budget ran out. Last error: HTTP 503' },
      later,
    );
    const failed = tracker.snapshot();
    tracker.recordAttempt(
      { stage: 'research', attempt: 9, error: down, outage: { dependency: 'llm' } },
      later,
    );
    expect(tracker.snapshot()).toEqual(failed);
    expect(tracker.waitingOn()).toBeUndefined();
  });

  test('a failure that is not an outage ends the waiting', () => {
    tracker.start('upload', at);
    const down = { type: 'StorageUnavailable', message: 'connect ECONNREFUSED', nonRetryable: false };
    tracker.recordAttempt(
      { stage: 'upload', attempt: 1, error: down, outage: { dependency: 'storage' } },
      at,
    );
    const bug = { type: 'TypeError', message: 'x is undefined', nonRetryable: false };
    tracker.recordAttempt({ stage: 'upload', attempt: 2, error: bug }, later);
    expect(stageOf(tracker, 'upload')).toMatchObject({ attempts: 2, lastError: bug, otherFailures: 1 });
    expect(stageOf(tracker, 'upload').waiting).toBeUndefined();
    expect(tracker.snapshot().message).toBe('Publishing the article');
  });

  test('complete adds the stage weight to the percent and records its tokens; finish reaches 100%', () => {
    tracker.start('research', at);
    tracker.complete(result('research', 120, 30), later);
    expect(tracker.snapshot().percent).toBe(28);
    expect(stageOf(tracker, 'research')).toMatchObject({
      status: 'completed',
      finishedAt: later.toISOString(),
      tokens: { prompt: 120, completion: 30 },
      reused: false,
    });
    tracker.start('draft', at);
    tracker.complete(result('draft', 200, 400), later);
    expect(tracker.snapshot().percent).toBe(60);
    expect(tracker.totalTokens()).toEqual({ prompt: 320, completion: 430 });

    const summary = {
      articleId: 'a1',
      keys: {},
      title: 'Solar power',
      wordCount: 380,
      tokens: tracker.totalTokens(),
    };
    tracker.finish(summary);
    const progress = tracker.snapshot();
    expect(progress).toMatchObject({ status: 'completed', stage: null, percent: 100, result: summary });
    expect(progress.message).toContain('Solar power');
  });

  test('fail marks the running stage failed and the generation failed', () => {
    tracker.start('research', at);
    tracker.complete(result('research'), later);
    tracker.start('draft', at);
    const error = { type: 'LlmAuthError', message: 'Set a valid OPENAI_API_KEY.', nonRetryable: true };
    tracker.fail(error, later);
    const progress = tracker.snapshot();
    expect(progress.status).toBe('failed');
    expect(progress.error).toEqual({ ...error, stage: 'draft' });
    expect(progress.message).toContain('Set a valid OPENAI_API_KEY.');
    expect(stageOf(tracker, 'draft')).toMatchObject({
      status: 'failed',
      finishedAt: later.toISOString(),
      lastError: error,
    });
    expect(stageOf(tracker, 'research').status).toBe('completed');
  });

  test('fail before any stage started still marks the generation failed', () => {
    tracker.fail({ type: 'InvalidInput', message: 'Invalid article request' }, at);
    const progress = tracker.snapshot();
    expect(progress.status).toBe('failed');
    expect(progress.error).toMatchObject({ type: 'InvalidInput' });
    expect(progress.stages.every((s) => s.status === 'pending')).toBe(true);
  });

  test('cancel marks the running stage and the generation cancelled', () => {
    tracker.start('adapt', at);
    tracker.cancel(later);
    const progress = tracker.snapshot();
    expect(progress.status).toBe('cancelled');
    expect(progress.message).toBe('Cancelled');
    expect(stageOf(tracker, 'adapt')).toMatchObject({ status: 'cancelled', finishedAt: later.toISOString() });
  });

  test('snapshot is a copy: changing it does not change the tracker', () => {
    tracker.start('research', at);
    const copy = tracker.snapshot();
    copy.status = 'failed';
    copy.percent = 99;
    const first = copy.stages[0];
    if (!first) throw new Error('no stages');
    first.status = 'completed';
    first.tokens.prompt = 999;
    const fresh = tracker.snapshot();
    expect(fresh.status).toBe('running');
    expect(fresh.percent).toBe(0);
    expect(fresh.stages[0]).toMatchObject({ status: 'running', tokens: { prompt: 0, completion: 0 } });
  });
});
