import {
  canonicalTimeZone,
  localDateOf,
  SURPRISE_TOPICS,
  subscriptionSchema,
  topicOfDay,
} from './subscription';

test('the local day of an instant is the day on the wall clock of the zone', () => {
  const instant = new Date('2026-03-10T23:30:00Z');
  expect(localDateOf(instant, 'UTC')).toBe('2026-03-10');
  expect(localDateOf(instant, 'Europe/Berlin')).toBe('2026-03-11');
  expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-03-10');
});

test('topics turn one a day, the next day always the next topic, whatever ran before', () => {
  const topics = ['Sport', 'Kultur', 'Wissenschaft'];
  const days = ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'].map((day) =>
    topicOfDay(topics, false, day),
  );
  expect(new Set(days.slice(0, 3))).toEqual(new Set(topics));
  expect(days[3]).toBe(days[0]);
  expect(SURPRISE_TOPICS).toContain(topicOfDay([], true, '2026-03-01'));
  expect(topicOfDay([], true, '2026-03-01')).not.toBe(topicOfDay([], true, '2026-03-02'));
});

test('time zones are IANA names, spelled as Intl spells them', () => {
  expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
  expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
  const parsed = subscriptionSchema.safeParse({
    language: 'de',
    level: 'A2',
    length: 300,
    surprise: true,
    time: '24:00',
    timeZone: 'Nowhere',
  });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(['time', 'timeZone']);
});
