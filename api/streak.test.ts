import { streakOf } from './streak';

test('a streak counts the days in a row ending today', () => {
  expect(streakOf(['2026-03-10', '2026-03-09', '2026-03-08', '2026-03-06'], '2026-03-10')).toEqual({
    days: 3,
    readToday: true,
  });
});

test('before today is read, the streak up to yesterday still stands', () => {
  expect(streakOf(['2026-03-09', '2026-03-08'], '2026-03-10')).toEqual({ days: 2, readToday: false });
});

test('a day missed before yesterday ends it, and month ends and leap days count as days', () => {
  expect(streakOf(['2026-03-08'], '2026-03-10')).toEqual({ days: 0, readToday: false });
  expect(streakOf(['2028-03-01', '2028-02-29', '2028-02-28'], '2028-03-01').days).toBe(3);
  expect(streakOf([], '2026-03-10')).toEqual({ days: 0, readToday: false });
});
