import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DailyStoryOutcome } from '../activities/daily-story';

export interface DailyStoryInput {
  subscriptionId: string;
}

/** Set by the server on every run a schedule starts: the time it was due, even when it runs late. */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

const { acceptDailyStory } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A database outage is waited out for most of a day; the overlap policy skips the next firing meanwhile.
  scheduleToCloseTimeout: '20 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * The action of a subscription's schedule: it asks for the day's article through the accept path of
 * `POST /articles`, and returns. The generation is its own `generateArticle` workflow.
 */
export async function dailyStory(input: DailyStoryInput): Promise<DailyStoryOutcome> {
  const info = workflowInfo();
  // The day is the one the firing was due on, so a run caught up after midnight still makes that day's story.
  const scheduledAt = info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime;
  return acceptDailyStory({ subscriptionId: input.subscriptionId, scheduledAt: scheduledAt.toISOString() });
}
