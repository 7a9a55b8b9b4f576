import fs from 'node:fs';
import path from 'node:path';
import { calibrate } from '../activities/level/calibrate';
import { levelCorpus } from '../stack/level-corpus';

/**
 * `npm run calibrate:level`: writes activities/level/calibration.json from the texts of known level
 * (stack/level-corpus.ts): scales and cross-validated weights from the calibration part, the held-out part's
 * score and, from it, whether each language is trusted. A test fails while the committed file is stale.
 */
const target = path.resolve(__dirname, '..', 'activities', 'level', 'calibration.json');
const calibration = calibrate(levelCorpus());
fs.writeFileSync(target, `${JSON.stringify(calibration, null, 2)}\n`);
for (const [language, fitted] of Object.entries(calibration.languages))
  console.log(
    `${language.padEnd(6)} ${fitted.trusted ? 'trusted    ' : 'report only'} weights ${JSON.stringify(fitted.weights)} guard ${fitted.lexicalGuard} cross-validated ${JSON.stringify(fitted.crossValidated ?? null)} held out ${JSON.stringify(fitted.heldOut ?? null)}`,
  );
console.log(`level calibration: ${calibration.texts} calibration texts → ${target}`);
