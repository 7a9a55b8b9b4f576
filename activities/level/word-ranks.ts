import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../contracts/article-request';

/** data/wordfreq (CC BY-SA 4.0, see its README): the 30,000 most frequent forms per language, lower-cased. */
const DATA_DIR = path.resolve(__dirname, '..', '..', 'data', 'wordfreq');

const loaded = new Map<Language, Map<string, number>>();

/** Rank of each form (1 = most frequent); a form outside the list has none. Read once per language. */
export function wordRanks(language: Language): Map<string, number> {
  let ranks = loaded.get(language);
  if (!ranks) {
    ranks = new Map();
    const lines = fs.readFileSync(path.join(DATA_DIR, `${language}.txt`), 'utf8').split('\n');
    for (const line of lines) {
      const word = line.slice(0, line.lastIndexOf(' '));
      if (word && !ranks.has(word)) ranks.set(word, ranks.size + 1);
    }
    loaded.set(language, ranks);
  }
  return ranks;
}
