import Link from 'next/link';
import type { ArticleView } from '../../contracts/api-types';

export interface Today {
  date: string;
  timeZone: string;
  story: (ArticleView & { read: boolean }) | null;
  streak: { days: number; readToday: boolean };
}

function streakLine({ days, readToday }: Today['streak']): string {
  if (days === 0) return 'No streak yet: read a story today to start one.';
  const run = `${days} day${days === 1 ? '' : 's'} in a row`;
  return readToday ? `${run}, today included.` : `${run}; read today's story to keep it.`;
}

/** The top of the home page: today's story, and the days in a row with a story read. */
export function TodayPanel({ today }: { today: Today }) {
  const { story } = today;
  return (
    <section className="card today" aria-labelledby="today-heading">
      <h2 id="today-heading">Today's story</h2>
      {story ? (
        <p>
          {story.status === 'completed' ? (
            <Link href={`/articles/${story.id}`}>{story.title ?? story.topic}</Link>
          ) : (
            <>
              <Link href={`/jobs/${story.jobId}`}>{story.topic}</Link> is being written ({story.status})
            </>
          )}{' '}
          <span className="badge level">{story.level}</span>{' '}
          {story.read ? <span className="meta">read</span> : null}
        </p>
      ) : (
        <p>
          No story yet today. <Link href="/subscriptions">Get one every day</Link>, or ask for one below.
        </p>
      )}
      <p className="streak" data-days={today.streak.days}>
        <strong>Streak:</strong> {streakLine(today.streak)}
      </p>
    </section>
  );
}
