import fs from 'node:fs';
import path from 'node:path';
import { calibrate } from '../activities/level/calibrate';
import { knownLevelTexts } from '../stack/sample-stories';

/** Writes activities/level/calibration.json from the calibration part of the sample stories (never the held-back part). */
const target = path.resolve(__dirname, '..', 'activities', 'level', 'calibration.json');
const calibration = calibrate(knownLevelTexts('calibration'));
fs.writeFileSync(target, `${JSON.stringify(calibration, null, 2)}\n`);
console.log(
  `level calibration: ${calibration.texts} texts, languages ${Object.keys(calibration.languages).join(', ')} → ${target}`,
);
