import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { CEFR_LEVELS, type CefrLevel, type Language } from '../../contracts/article-request';
import { type CorpusText, corpusFile, splitFor } from '../../stack/level-corpus';

/**
 * `tsx bench/level-corpus/build.ts --cefr-sp DIR --merlin DIR` rebuilds the raw texts of known level
 * (cefr-sp-wikiauto.en.jsonl, merlin.de.jsonl, merlin.it.jsonl) in LEVEL_CORPUS_DIR (default
 * ../shared/data/level-corpus beside the clone) from checkouts of the two source repositories
 * (data/level-corpus/README.md says which, at which commit, and under which licence). They are data from fetched
 * snapshots and are not committed here; `npm run level:measure` turns them into the committed measured.jsonl.
 * Every choice (which sentences, how they are grouped, which lines are dropped) is made here, so the raw files
 * can be checked against their sources.
 */

/** CEFR-SP writes tokens apart ("died in 2005 , at"); the level check reads prose. */
function detokenize(sentence: string): string {
  return sentence
    .replace(/ ([.,;:!?%)\]}])/g, '$1')
    .replace(/([([{$]) /g, '$1')
    .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/g, '$1')
    .replace(/`` | ''/g, '"')
    .replace(/ -- /g, ' – ')
    .trim();
}

/** Sentences per text: enough for the sentence and word signals to settle, as in a short graded passage. */
const SENTENCES_PER_TEXT = 8;

/**
 * CEFR-SP, Wiki-Auto part (English, CC BY-SA 3.0): Wikipedia and Simple English Wikipedia sentences, each given a
 * CEFR level by two English-education professionals. Only sentences both gave the same level are kept; those of
 * one level are grouped, in file order, into passages of eight. Its own train split calibrates, dev and test are
 * held out.
 */
function cefrSp(dir: string): CorpusText[] {
  const texts: CorpusText[] = [];
  for (const [file, split] of [
    ['train', 'calibration'],
    ['dev', 'held-out'],
    ['test', 'held-out'],
  ] as const) {
    const byLevel = new Map<CefrLevel, string[]>();
    const lines = fs
      .readFileSync(path.join(dir, 'CEFR-SP', 'Wiki-Auto', `CEFR-SP_Wikiauto_${file}.txt`), 'utf8')
      .split('\n');
    for (const line of lines) {
      const [sentence, a, b] = line.split('\t');
      if (!sentence || a === undefined || a !== b?.trim()) continue;
      const level = CEFR_LEVELS[Number(a) - 1];
      if (!level) continue;
      byLevel.set(level, [...(byLevel.get(level) ?? []), detokenize(sentence)]);
    }
    for (const [level, sentences] of byLevel) {
      for (let start = 0; start < sentences.length; start += SENTENCES_PER_TEXT) {
        const group = sentences.slice(start, start + SENTENCES_PER_TEXT);
        if (group.length < SENTENCES_PER_TEXT / 2) continue;
        texts.push({
          id: `cefr-sp-${file}-${level}-${start / SENTENCES_PER_TEXT + 1}`,
          source: 'cefr-sp-wikiauto',
          language: 'en',
          level,
          split,
          text: group.join(' '),
        });
      }
    }
  }
  return texts;
}

/**
 * A line of a MERLIN letter that is no prose: an address, a date, a greeting or a signature (no sentence end and
 * under six words). The raters judged the letter; the level check reads its sentences.
 */
const isProse = (line: string) => /[.!?…]\s*$/.test(line.trim()) || line.trim().split(/\s+/).length >= 6;

/**
 * MERLIN (German and Italian, CC BY-SA 4.0): letters written in standardised language exams, each given an
 * overall CEFR rating by trained raters. The copy in UniversalCEFRScoring names each file by its rating and leaves
 * out unrated texts and levels with too few of them (German C2). A quarter of the letters, chosen by a hash of
 * the id, is held out.
 */
function merlin(dir: string, language: Language, folder: 'DE' | 'IT'): CorpusText[] {
  const texts: CorpusText[] = [];
  const files = fs.readdirSync(path.join(dir, 'Datasets', folder)).sort();
  for (const file of files) {
    const match = /^(\d+_\d+)_[A-Z]+_(A1|A2|B1|B2|C1|C2)\.txt$/.exec(file);
    if (!match) continue;
    const [, id, level] = match as unknown as [string, string, CefrLevel];
    const raw = fs.readFileSync(path.join(dir, 'Datasets', folder, file), 'utf8');
    const text = raw
      .split(/\r?\n/)
      .filter((line) => line.trim() && isProse(line))
      .map((line) => line.trim())
      .join('\n');
    if (text.split(/\s+/).length < 20) continue;
    const textId = `merlin-${language}-${id}`;
    texts.push({ id: textId, source: 'merlin', language, level, split: splitFor(textId), text });
  }
  return texts;
}

function write(name: string, texts: CorpusText[]) {
  const file = corpusFile(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${texts.map((text) => JSON.stringify(text)).join('\n')}\n`);
  const count = (split: string) => texts.filter((text) => text.split === split).length;
  console.log(
    `${name}: ${texts.length} texts (${count('calibration')} calibration, ${count('held-out')} held out) → ${file}`,
  );
}

const options = new Command()
  .requiredOption('--cefr-sp <dir>', 'a checkout of github.com/yukiar/CEFR-SP')
  .requiredOption('--merlin <dir>', 'a checkout of github.com/nishkalavallabhi/UniversalCEFRScoring')
  .parse()
  .opts<{ cefrSp: string; merlin: string }>();

write('cefr-sp-wikiauto.en', cefrSp(options.cefrSp));
write('merlin.de', merlin(options.merlin, 'de', 'DE'));
write('merlin.it', merlin(options.merlin, 'it', 'IT'));
