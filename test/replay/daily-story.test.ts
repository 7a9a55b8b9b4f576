import { DAILY_HISTORIES_DIR, loadRecordedHistories, replayAgainstCurrentCode } from './histories';

const histories = loadRecordedHistories(DAILY_HISTORIES_DIR);

test('the recorded dailyStory runs were started by a schedule: a new day, the same day again, a paused one', () => {
  expect(histories.map((h) => h.name)).toEqual([
    'daily-story-created',
    'daily-story-existing',
    'daily-story-paused',
  ]);
  for (const { history } of histories) {
    const text = JSON.stringify(history);
    // The day comes from the time the firing was due, which only a schedule's runs carry.
    expect(text).toContain('TemporalScheduledStartTime');
    expect(text).toContain('"activityType":{"name":"acceptDailyStory"}');
  }
});

test('every recorded dailyStory run replays against the current workflow code', async () => {
  const results = await replayAgainstCurrentCode(histories);
  expect(results).toHaveLength(histories.length);
  for (const result of results) expect(result).toEqual({ workflowId: result.workflowId, error: undefined });
});
