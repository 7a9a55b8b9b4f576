import fs from 'node:fs';
import path from 'node:path';
import { measureKnownText } from '../../activities/level/calibrate';
import { externalTexts, MEASURED_FILE, sampleStoryTexts } from '../../stack/level-corpus';

/**
 * `npm run level:measure`: writes data/level-corpus/measured.jsonl, one line per text of known level with the
 * signals the level check reads of it (no words), from the raw external texts in LEVEL_CORPUS_DIR (default
 * ../shared/data/level-corpus beside the clone; they may not be committed, data/level-corpus/README.md) and opad's
 * sample stories. Run it after any change to how texts are measured; a test fails while the sample stories'
 * lines are stale. `npm run calibrate:level` and `npm run bench:level` then read only this file.
 */
const texts = [...externalTexts(), ...sampleStoryTexts()];
const lines = texts.map((text) => JSON.stringify(measureKnownText(text)));
fs.mkdirSync(path.dirname(MEASURED_FILE), { recursive: true });
fs.writeFileSync(MEASURED_FILE, `${lines.join('\n')}\n`);
console.log(`level:measure: ${texts.length} texts → ${path.relative(process.cwd(), MEASURED_FILE)}`);
