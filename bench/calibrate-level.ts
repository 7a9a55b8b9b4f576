import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { calibrateMeasured } from '../activities/level/calibrate';
import { measuredCorpus } from '../stack/level-corpus';

/**
 * `npm run calibrate:level`: writes activities/level/calibration.json from the measures of the texts of known
 * level (data/level-corpus/measured.jsonl, written by `npm run level:measure`; no raw text is needed): scales and
 * cross-validated weights from the calibration part, the held-out part's score and, from it, whether each
 * language is trusted. A test fails while the committed file is stale.
 */
const root = path.resolve(__dirname, '..');
const target = path.join(root, 'activities', 'level', 'calibration.json');
const calibration = calibrateMeasured(measuredCorpus());
fs.writeFileSync(target, `${JSON.stringify(calibration, null, 2)}\n`);
// Formatted as the lint step wants it, so an unchanged fit leaves the committed file unchanged.
execFileSync(path.join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', target], {
  cwd: root,
  stdio: 'ignore',
});
for (const [language, fitted] of Object.entries(calibration.languages))
  console.log(
    `${language.padEnd(6)} ${fitted.trusted ? 'trusted    ' : 'report only'} weights ${JSON.stringify(fitted.weights)} guard ${fitted.lexicalGuard} cross-validated ${JSON.stringify(fitted.crossValidated ?? null)} held out ${JSON.stringify(fitted.heldOut ?? null)}`,
  );
console.log(`level calibration: ${calibration.texts} calibration texts → ${target}`);
