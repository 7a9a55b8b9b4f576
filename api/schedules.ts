import {
  type ScheduleDescription,
  ScheduleNotFoundError,
  type ScheduleOptions,
  ScheduleOverlapPolicy,
  type ScheduleSpec,
} from '@temporalio/client';
import type { Subscription } from '../db/schema';
import type { DailyStoryInput } from '../workflows/daily-story';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';
import { callTemporal, messageOf } from './orchestration/temporal-calls';

export const scheduleIdOf = (subscriptionId: string) => `daily-${subscriptionId}`;

/**
 * Missed firings are caught up once: no two daily firings fit in 23 hours, and a catch-up still running skips
 * the next. See docs/decisions/014-daily-subscriptions-on-schedules.md.
 */
export const DAILY_POLICIES = {
  overlap: ScheduleOverlapPolicy.SKIP,
  catchupWindow: '23 hours',
  pauseOnFailure: false,
} as const;

type ScheduleDeps = Pick<ApiDeps, 'temporal' | 'metrics' | 'logger' | 'config'>;

export function specOf(subscription: Pick<Subscription, 'time_of_day' | 'time_zone'>): ScheduleSpec {
  const [hour, minute] = subscription.time_of_day.split(':').map(Number) as [number, number];
  return {
    calendars: [{ hour, minute, comment: `every day at ${subscription.time_of_day}` }],
    timezone: subscription.time_zone,
  };
}

function optionsOf(deps: ScheduleDeps, subscription: Subscription): ScheduleOptions {
  const input: DailyStoryInput = { subscriptionId: subscription.id };
  return {
    scheduleId: scheduleIdOf(subscription.id),
    spec: specOf(subscription),
    action: {
      type: 'startWorkflow',
      workflowType: 'dailyStory',
      // The server appends each firing's time, so every day is a workflow of its own.
      workflowId: `daily-story-${subscription.id}`,
      taskQueue: deps.config.temporal.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.OpadOwner, value: subscription.owner }],
    },
    policies: DAILY_POLICIES,
    state: subscription.paused ? { paused: true, note: 'paused by the learner' } : undefined,
    memo: { owner: subscription.owner },
  };
}

/** A subscription change that Temporal did not take is refused as a whole, so the row and the schedule agree. */
async function onSchedule<T>(deps: ScheduleDeps, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await callTemporal(deps, 'schedule', deps.config.api.temporalTimeoutMs, fn);
  } catch (error) {
    if (error instanceof ScheduleNotFoundError || error instanceof HttpError) throw error;
    deps.logger.warn({ err: messageOf(error) }, `subscriptions: could not ${what} the schedule`);
    throw new HttpError(
      503,
      'temporal_unavailable',
      `The orchestrator (Temporal) cannot be reached, so the subscription's schedule could not ${what}; nothing was changed, try again shortly`,
    );
  }
}

export async function createSchedule(deps: ScheduleDeps, subscription: Subscription): Promise<void> {
  await onSchedule(deps, 'be created', () => deps.temporal.schedule.create(optionsOf(deps, subscription)));
}

/** Brings the schedule's time, zone and pause state to the row's; a schedule lost meanwhile is made again. */
export async function syncSchedule(
  deps: ScheduleDeps,
  before: Subscription,
  after: Subscription,
): Promise<void> {
  const handle = deps.temporal.schedule.getHandle(scheduleIdOf(after.id));
  try {
    if (before.time_of_day !== after.time_of_day || before.time_zone !== after.time_zone) {
      await onSchedule(deps, 'be changed', () =>
        handle.update((previous: ScheduleDescription) => ({ ...previous, spec: specOf(after) })),
      );
    }
    if (before.paused !== after.paused) {
      await onSchedule(deps, after.paused ? 'be paused' : 'be resumed', () =>
        after.paused ? handle.pause('paused by the learner') : handle.unpause('resumed by the learner'),
      );
    }
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await createSchedule(deps, after);
  }
}

export async function deleteSchedule(deps: ScheduleDeps, subscriptionId: string): Promise<void> {
  try {
    await onSchedule(deps, 'be deleted', () =>
      deps.temporal.schedule.getHandle(scheduleIdOf(subscriptionId)).delete(),
    );
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

/** The next firings, or null when Temporal does not answer: a listing never fails for want of them. */
export async function nextRunsOf(deps: ScheduleDeps, subscriptionId: string): Promise<string[] | null> {
  try {
    const description = await callTemporal(deps, 'schedule', deps.config.api.temporalTimeoutMs, () =>
      deps.temporal.schedule.getHandle(scheduleIdOf(subscriptionId)).describe(),
    );
    return description.info.nextActionTimes.slice(0, 3).map((time) => time.toISOString());
  } catch {
    return null;
  }
}
