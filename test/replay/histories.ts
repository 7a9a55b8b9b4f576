import fs from 'node:fs';
import path from 'node:path';

export const HISTORIES_DIR = path.resolve(__dirname, '../fixtures/histories');

/** Recorded histories of real runs; `npm run record-histories` writes them again. */
export function loadRecordedHistories(): Array<{ name: string; workflowId: string; history: unknown }> {
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      // The JSON of `temporal workflow show --output json`; the replayer parses it itself.
      const history: unknown = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
      return { name: file.replace(/\.json$/, ''), workflowId: `replay-${file}`, history };
    });
}
