import { ScheduleNotFoundError } from '@temporalio/client';
import type { DailyStoryOutcome } from '../../activities/daily-story';
import { localDateOf } from '../../contracts/subscription';
import { waitFor } from '../../stack/ports';
import { type ApiClient, useApiHarness } from '../helpers/api-harness';

// Temporal calls give up after 1 s, so the outage test below is answered quickly.
const harness = useApiHarness({ rateLimitPerMinute: 1000, temporalTimeoutMs: 1000 });

const daily = {
  language: 'en',
  level: 'B1',
  length: 300,
  topics: ['solar farms', 'night trains'],
  time: '07:30',
  timeZone: 'Europe/Berlin',
};

const schedule = (id: string) => harness.client.schedule.getHandle(`daily-${id}`);
const patch = (user: ApiClient, id: string, body: unknown) =>
  user.request('PATCH', `/subscriptions/${id}`, { body });

/** Triggers the schedule and returns what its `count`-th firing did, once that run has finished. */
async function trigger(id: string, count: number): Promise<DailyStoryOutcome> {
  await schedule(id).trigger();
  let workflowId = '';
  await waitFor(`firing ${count} of daily-${id}`, async () => {
    const actions = (await schedule(id).describe()).info.recentActions;
    workflowId = actions[count - 1]?.action.workflow.workflowId ?? '';
    return actions.length >= count;
  });
  return harness.client.workflow.getHandle(workflowId).result();
}

test('a subscription is a schedule at its time in its time zone, skipping overlaps and catching up once', async () => {
  const user = await harness.signUp();
  const res = await user.post('/subscriptions', daily);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    ...daily,
    surprise: false,
    paused: false,
    scheduleId: `daily-${res.body.id}`,
    nextRuns: expect.arrayContaining([expect.any(String)]),
  });
  expect(res.headers.get('location')).toBe(`/subscriptions/${res.body.id}`);
  // Every next run is 07:30 on the wall clock in Berlin.
  for (const run of res.body.nextRuns as string[]) {
    const wall = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(run));
    expect(wall).toBe('07:30');
  }

  const description = await schedule(res.body.id).describe();
  expect(description.spec.timezone).toBe('Europe/Berlin');
  expect(description.spec.calendars).toEqual([
    expect.objectContaining({
      hour: [{ start: 7, end: 7, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
    }),
  ]);
  expect(description.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 23 * 3_600_000 });
  expect(description.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'dailyStory',
    taskQueue: harness.taskQueue,
    args: [{ subscriptionId: res.body.id }],
  });
  expect(description.state.paused).toBe(false);

  const listed = await user.get('/subscriptions');
  expect(listed.body.items).toEqual([expect.objectContaining({ id: res.body.id, time: '07:30' })]);
});

test('a firing makes one article through the normal path, and a second firing the same day makes none', async () => {
  const user = await harness.signUp();
  const { body: subscription } = await user.post('/subscriptions', daily);

  const first = await trigger(subscription.id, 1);
  const today = localDateOf(new Date(), 'Europe/Berlin');
  expect(first).toMatchObject({ kind: 'created', localDate: today, articleId: expect.any(String) });
  if (first.kind !== 'created') throw new Error('unreachable');
  expect(daily.topics).toContain(first.topic);

  // The article is an ordinary one: its row, its generateArticle workflow, its idempotency key.
  const row = await harness.settled(first.articleId);
  expect(row).toMatchObject({ owner: user.userId, status: 'completed', topic: first.topic, level: 'B1' });
  const run = await harness.client.workflow.getHandle(`article-${first.articleId}`).describe();
  expect(run.type).toBe('generateArticle');
  const key = await harness.db
    .selectFrom('idempotency_keys')
    .select('key')
    .where('article_id', '=', first.articleId)
    .executeTakeFirstOrThrow();
  expect(key.key).toBe(`daily:${subscription.id}:${today}`);

  const second = await trigger(subscription.id, 2);
  expect(second).toEqual({ kind: 'existing', articleId: first.articleId, localDate: today });
  const articles = await user.get('/articles');
  expect(articles.body.items.map((a: { id: string }) => a.id)).toEqual([first.articleId]);
});

test('pause and resume reach the schedule; an edit of the time moves it; delete removes it', async () => {
  const user = await harness.signUp();
  const { body: subscription } = await user.post('/subscriptions', { ...daily, topics: [], surprise: true });
  expect(subscription.surprise).toBe(true);

  const paused = await patch(user, subscription.id, { paused: true });
  expect(paused.status).toBe(200);
  expect(paused.body).toMatchObject({ paused: true, nextRuns: [] });
  expect((await schedule(subscription.id).describe()).state).toMatchObject({ paused: true });

  // A paused subscription makes no story, even when its schedule is fired by hand.
  expect(await trigger(subscription.id, 1)).toMatchObject({ kind: 'skipped', reason: 'paused' });

  const resumed = await patch(user, subscription.id, { paused: false });
  expect(resumed.body.paused).toBe(false);
  expect((await schedule(subscription.id).describe()).state.paused).toBe(false);

  const moved = await patch(user, subscription.id, { time: '18:05', timeZone: 'america/new_york' });
  expect(moved.body).toMatchObject({ time: '18:05', timeZone: 'America/New_York' });
  const spec = (await schedule(subscription.id).describe()).spec;
  expect(spec.timezone).toBe('America/New_York');
  expect(spec.calendars?.[0]).toMatchObject({ hour: [{ start: 18, end: 18, step: 1 }] });

  const deleted = await user.delete(`/subscriptions/${subscription.id}`);
  expect(deleted.status).toBe(204);
  await expect(schedule(subscription.id).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  expect((await user.get(`/subscriptions/${subscription.id}`)).status).toBe(404);
});

test('bad input answers 400 naming the field, and another learner sees 404', async () => {
  const user = await harness.signUp();
  const badZone = await user.post('/subscriptions', { ...daily, timeZone: 'Mars/Olympus' });
  expect(badZone.status).toBe(400);
  expect(badZone.body.error.details.fields.timeZone).toMatch(/IANA time zone/);
  const badTime = await user.post('/subscriptions', { ...daily, time: '7:30pm' });
  expect(badTime.body.error.details.fields.time).toMatch(/HH:MM/);
  const noTopic = await user.post('/subscriptions', { ...daily, topics: [] });
  expect(noTopic.status).toBe(400);
  expect(noTopic.body.error.details.fields.topics).toMatch(/surprise/);
  expect((await patch(user, '6f1f0ee8-4b2f-4a7c-9a43-4f2c3a1c9d10', {})).status).toBe(400);

  const { body: mine } = await user.post('/subscriptions', daily);
  const other = await harness.signUp();
  expect((await other.get(`/subscriptions/${mine.id}`)).status).toBe(404);
  expect((await patch(other, mine.id, { paused: true })).status).toBe(404);
  expect((await other.delete(`/subscriptions/${mine.id}`)).status).toBe(404);
  expect((await other.get('/subscriptions')).body.items).toEqual([]);
  expect((await schedule(mine.id).describe()).state.paused).toBe(false);
});

test("the home page's today: the subscription's story of the day, and a streak that counts the first read", async () => {
  const user = await harness.signUp();
  const empty = await user.get('/today');
  expect(empty.body).toMatchObject({ timeZone: 'UTC', story: null, streak: { days: 0, readToday: false } });

  const { body: subscription } = await user.post('/subscriptions', {
    ...daily,
    timeZone: 'Pacific/Auckland',
  });
  const fired = await trigger(subscription.id, 1);
  if (fired.kind !== 'created') throw new Error(`expected a new article, got ${fired.kind}`);
  await harness.settled(fired.articleId);

  const today = await user.get('/today');
  expect(today.body).toMatchObject({
    date: localDateOf(new Date(), 'Pacific/Auckland'),
    timeZone: 'Pacific/Auckland',
    story: { id: fired.articleId, status: 'completed', read: false },
    streak: { days: 0, readToday: false },
  });

  const read = await user.post(`/articles/${fired.articleId}/read`);
  expect(read.status).toBe(201);
  expect(read.body).toMatchObject({ first: true, streak: { days: 1, readToday: true } });
  const again = await user.post(`/articles/${fired.articleId}/read`);
  expect(again.status).toBe(200);
  expect(again.body.first).toBe(false);
  expect((await user.get('/today')).body).toMatchObject({
    story: { id: fired.articleId, read: true },
    streak: { days: 1, readToday: true },
  });
  const other = await harness.signUp();
  expect((await other.post(`/articles/${fired.articleId}/read`)).status).toBe(404);
});

test('with Temporal down, a subscription change answers 503, changes nothing, and works once it is back', async () => {
  const user = await harness.signUp();
  const { body: kept } = await user.post('/subscriptions', daily);
  const restart = await harness.stopTemporal();
  try {
    const refused = await user.post('/subscriptions', { ...daily, time: '08:00' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: 'temporal_unavailable',
      message: expect.stringContaining('nothing was changed, try again shortly'),
    });
    const paused = await patch(user, kept.id, { paused: true });
    expect(paused.status).toBe(503);
    const rows = await harness.db
      .selectFrom('subscriptions')
      .select(['id', 'paused'])
      .where('owner', '=', user.userId)
      .execute();
    expect(rows).toEqual([{ id: kept.id, paused: false }]);
    // Listing still answers, without the next firings Temporal would have told.
    const listed = await user.get('/subscriptions');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: kept.id, nextRuns: null })]);
  } finally {
    await restart();
  }
  await waitFor('the schedule to answer again', async () => Boolean(await schedule(kept.id).describe()));
  expect((await patch(user, kept.id, { paused: true })).status).toBe(200);
  expect((await schedule(kept.id).describe()).state.paused).toBe(true);
});
