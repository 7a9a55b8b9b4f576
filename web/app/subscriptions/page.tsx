import type { Metadata } from 'next';
import type { SubscriptionView } from '../../../contracts/api-types';
import { languageName } from '../../../contracts/article-request';
import { DeleteButton } from '../../components/delete-button';
import { PauseButton } from '../../components/pause-button';
import { SubscriptionForm } from '../../components/subscription-form';
import { apiGet } from '../../lib/api-server';

export const metadata: Metadata = { title: 'Daily story' };

const when = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );

export default async function SubscriptionsPage() {
  const { items } = await apiGet<{ items: SubscriptionView[] }>('/subscriptions');
  return (
    <>
      <h1>One story a day</h1>
      <p className="meta">
        Each day at your time, opad writes a new article for you from the news: the next of your topics, or a
        surprise.
      </p>
      {items.map((subscription) => (
        <section key={subscription.id} className="card subscription" data-id={subscription.id}>
          <h2>
            {languageName(subscription.language)} {subscription.level}, {subscription.length} words
          </h2>
          <p>
            {subscription.surprise ? 'Surprise me' : subscription.topics.join(', ')} · every day at{' '}
            {subscription.time} ({subscription.timeZone})
          </p>
          <p className="meta">
            {subscription.paused
              ? 'Paused: no stories until you resume.'
              : subscription.nextRuns?.[0]
                ? `Next story: ${when(subscription.nextRuns[0], subscription.timeZone)}`
                : 'Next story: unknown right now'}
          </p>
          <div className="row">
            <PauseButton id={subscription.id} paused={subscription.paused} />
            <DeleteButton
              path={`/subscriptions/${subscription.id}`}
              label="Delete"
              what="this daily story"
              confirm="Stop this daily story? The articles it made stay."
              className="danger"
            />
          </div>
          <details>
            <summary>Edit</summary>
            <SubscriptionForm initial={subscription} />
          </details>
        </section>
      ))}
      <h2>{items.length ? 'Add another' : 'Subscribe'}</h2>
      <SubscriptionForm />
    </>
  );
}
