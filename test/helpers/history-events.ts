/**
 * Readers of a workflow history in its JSON form: the file `temporal workflow show --output json` writes, which
 * is also what `historyToJSON` makes of a fetched history.
 */
interface HistoryEvent {
  eventId: string;
  activityTaskScheduledEventAttributes?: {
    activityType: { name: string };
    workflowTaskCompletedEventId: string;
  };
  markerRecordedEventAttributes?: {
    markerName: string;
    details?: Record<string, { payloads?: Array<{ data?: string }> }>;
    workflowTaskCompletedEventId: string;
  };
  workflowTaskCompletedEventAttributes?: { workerVersion?: { buildId?: string } };
}

const eventsOf = (history: unknown) => (history as { events: HistoryEvent[] }).events;

function markerData(marker: NonNullable<HistoryEvent['markerRecordedEventAttributes']>, key: string) {
  const data = marker.details?.[key]?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as Record<string, unknown>) : {};
}

/**
 * What each workflow task commanded, in order, with the build ID of the worker that completed it: `research`
 * for a scheduled activity, `patch:narration` for patched('narration'), `local:recordOutcome` for a local
 * activity (which leaves a marker instead of being scheduled). Search-attribute upserts are left out.
 */
export function commandsOf(history: unknown): Array<{ buildId: string; command: string }> {
  const events = eventsOf(history);
  const buildIdOf = new Map(
    events.map((event) => [
      event.eventId,
      event.workflowTaskCompletedEventAttributes?.workerVersion?.buildId ?? '',
    ]),
  );
  return events.flatMap((event) => {
    const activity = event.activityTaskScheduledEventAttributes;
    if (activity)
      return [
        {
          buildId: buildIdOf.get(activity.workflowTaskCompletedEventId) ?? '',
          command: activity.activityType.name,
        },
      ];
    const marker = event.markerRecordedEventAttributes;
    if (!marker) return [];
    const buildId = buildIdOf.get(marker.workflowTaskCompletedEventId) ?? '';
    if (marker.markerName === 'core_patch')
      return [{ buildId, command: `patch:${markerData(marker, 'patch-data').id}` }];
    if (marker.markerName === 'core_local_activity')
      return [{ buildId, command: `local:${markerData(marker, 'data').activity_type}` }];
    return [{ buildId, command: `marker:${marker.markerName}` }];
  });
}

/** The activity types a run scheduled, in order; a local activity is not scheduled: it leaves a marker. */
export function scheduledActivities(history: unknown): string[] {
  return eventsOf(history).flatMap(
    (event) => event.activityTaskScheduledEventAttributes?.activityType.name ?? [],
  );
}
