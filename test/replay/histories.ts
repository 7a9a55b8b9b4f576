import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';

export const HISTORIES_DIR = path.resolve(__dirname, '../fixtures/histories');
/** Runs of dailyStory, the action of a subscription's schedule; apart, so each workflow's list stays its own. */
export const DAILY_HISTORIES_DIR = path.resolve(__dirname, '../fixtures/daily-histories');

/** Recorded histories of real runs; `npm run record-histories` writes them again. */
export function loadRecordedHistories(
  dir = HISTORIES_DIR,
): Array<{ name: string; workflowId: string; history: unknown }> {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      // The JSON of `temporal workflow show --output json`; the replayer parses it itself.
      const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      return { name: file.replace(/\.json$/, ''), workflowId: `replay-${file}`, history };
    });
}

/** Replays every history against the current workflow code; each result names its workflow and any error. */
export async function replayAgainstCurrentCode(histories: ReturnType<typeof loadRecordedHistories>) {
  const workflowBundle = await bundleWorkflows();
  const results: Array<{ workflowId: string; error: unknown }> = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories))
    results.push({ workflowId: result.workflowId, error: result.error });
  return results;
}
