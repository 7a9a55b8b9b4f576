import { stringify } from 'csv-stringify/sync';
import type { VocabularyEntry } from '../db/schema';

export const TSV_COLUMNS = ['Word', 'Lemma', 'Meaning', 'Sentence', 'Part of speech', 'Level', 'Language'];

/**
 * Saved words as a tab-separated file that Anki imports as notes (File → Import): its header lines name the
 * separator and the columns, and a word saved from two articles is one note. Rows are written by csv-stringify
 * with standard CSV quoting and a tab delimiter, as Anki's importer reads them: a field with a tab, a quote
 * or a line break is quoted, its quotes doubled. A field that starts like a formula (=, +, -, @, and their
 * full-width forms) gets a leading ' so no spreadsheet runs it; Anki shows that ' in the card.
 */
export function vocabularyTsv(entries: VocabularyEntry[]): string {
  const seen = new Set<string>();
  const rows: Array<Array<string | null>> = [];
  for (const entry of entries) {
    const key = `${entry.language}\u0000${entry.lemma}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push([
      entry.word,
      entry.lemma,
      entry.definition,
      entry.sentence,
      entry.pos,
      entry.level,
      entry.language,
    ]);
  }
  const header = ['#separator:tab', '#html:false', `#columns:${TSV_COLUMNS.join('\t')}`, '#tags:opad'];
  const body = stringify(rows, {
    delimiter: '\t',
    record_delimiter: 'unix',
    escape_formulas: true,
    // Anki reads a line that starts with # as a comment: such a field is quoted, so no note line starts so.
    quoted_match: /^#/,
  });
  return `${header.join('\n')}\n${body}`;
}
