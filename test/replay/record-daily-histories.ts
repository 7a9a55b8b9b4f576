import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../../stack/ports';
import { ensureBinary } from '../../stack/tools';
import { ApiHarness } from '../helpers/api-harness';
import { DAILY_HISTORIES_DIR } from './histories';

/**
 * Records real runs of dailyStory, started by a subscription's schedule, for the replay test: the firing
 * that makes the day's article, a second firing that finds it, and a firing while paused. Run with
 * `npx tsx test/replay/record-daily-histories.ts` after an intended change to that workflow.
 */
async function record(): Promise<void> {
  const harness = new ApiHarness();
  try {
    await harness.start();
    await harness.startWorker();
    await harness.startApi();
    const temporal = await ensureBinary('temporal');
    const user = await harness.signUp();
    const { body: subscription } = await user.post('/subscriptions', {
      language: 'en',
      level: 'B1',
      length: 300,
      topics: ['solar farms'],
      time: '07:30',
      timeZone: 'Europe/Berlin',
    });
    const schedule = harness.client.schedule.getHandle(`daily-${subscription.id}`);
    const fire = async (name: string, count: number) => {
      await schedule.trigger();
      let workflowId = '';
      await waitFor(`firing ${count}`, async () => {
        const actions = (await schedule.describe()).info.recentActions;
        workflowId = actions[count - 1]?.action.workflow.workflowId ?? '';
        return actions.length >= count;
      });
      await harness.client.workflow.getHandle(workflowId).result();
      const json = execFileSync(temporal, [
        'workflow',
        'show',
        '--address',
        harness.temporalAddress,
        '--workflow-id',
        workflowId,
        '--output',
        'json',
      ]);
      fs.writeFileSync(path.join(DAILY_HISTORIES_DIR, `daily-story-${name}.json`), json);
      console.log(`recorded daily-story-${name}`);
    };
    await fire('created', 1);
    await fire('existing', 2);
    await user.request('PATCH', `/subscriptions/${subscription.id}`, { body: { paused: true } });
    await fire('paused', 3);
  } finally {
    await harness.close();
  }
}

record().catch((error) => {
  console.error(error);
  process.exit(1);
});
