const DAY_MS = 86_400_000;

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/**
 * Days in a row with a story read, ending today, or yesterday while today's is still to read (a streak is
 * not lost before the day is over). `days` are YYYY-MM-DD, newest first.
 */
export function streakOf(days: string[], today: string): { days: number; readToday: boolean } {
  const todayNumber = dayNumber(today);
  const numbers = days.map(dayNumber);
  const readToday = numbers[0] === todayNumber;
  let expected = readToday ? todayNumber : todayNumber - 1;
  let streak = 0;
  for (const number of numbers) {
    if (number > expected) continue;
    if (number !== expected) break;
    streak++;
    expected--;
  }
  return { days: streak, readToday };
}
