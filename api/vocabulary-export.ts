import type { VocabularyEntry } from '../db/schema';

export const TSV_COLUMNS = ['Word', 'Lemma', 'Meaning', 'Sentence', 'Part of speech', 'Level', 'Language'];

/** A field on one line without tabs: Anki's importer and spreadsheets split on both. */
const field = (value: string | null) => (value ?? '').replace(/[\t\r\n]+/g, ' ').trim();

/**
 * Saved words as a tab-separated file that Anki imports as notes (File → Import): its header lines name the
 * separator and the columns, and a word saved from two articles is one note.
 */
export function vocabularyTsv(entries: VocabularyEntry[]): string {
  const seen = new Set<string>();
  const rows: string[] = [];
  for (const entry of entries) {
    const key = `${entry.language}\u0000${entry.lemma}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(
      [entry.word, entry.lemma, entry.definition, entry.sentence, entry.pos, entry.level, entry.language]
        .map(field)
        .join('\t'),
    );
  }
  const header = ['#separator:tab', '#html:false', `#columns:${TSV_COLUMNS.join('\t')}`, '#tags:opad'];
  return `${[...header, ...rows].join('\n')}\n`;
}
