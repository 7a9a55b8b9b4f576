import type { OfflineSense } from '../../contracts/api-types';

export type { OfflineSense };

const PARTS_OF_SPEECH: Record<string, string> = {
  n: 'noun',
  v: 'verb',
  adj: 'adjective',
  adv: 'adverb',
  pron: 'pronoun',
  prep: 'preposition',
  conj: 'conjunction',
  art: 'article',
  num: 'numeral',
  interj: 'interjection',
  pl: 'plural',
};
const GENDERS: Record<string, string> = { masc: 'masculine', fem: 'feminine', neut: 'neuter' };

const clean = (text: string) =>
  text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\/[^/]*\//g, ' ')
    .replace(/\s+,/g, ',')
    .replace(/,(?:\s*,)+/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/,\s*$/, '')
    .trim();

/**
 * FreeDict's dictd text: a head line "word /ipa/ <pos, gender>", then one meaning per line (numbered or not),
 * indented example lines `"phrase"  - translation`, and cross-references (see:, Synonyms:, Note:) we leave out.
 */
export function parseFreedictEntry(text: string): OfflineSense[] {
  const [head = '', ...lines] = text.split('\n');
  // "Straße /ʃtɾˈɑːsə/ (Str. /ˌɛstˌeːˈɛɾ/) <fem, n, sg>": an abbreviation in brackets may follow the IPA.
  const match = head.match(/^\s*(.*?)(?:\s+\/([^/]*)\/)?(?:\s+\([^)]*\))?(?:\s+<([^>]*)>)?\s*$/);
  const grammar = (match?.[3] ?? '').split(',').map((part) => part.trim());
  const base = {
    headword: (match?.[1] ?? head).trim(),
    ipa: match?.[2]?.trim() || null,
    partOfSpeech: grammar.map((part) => PARTS_OF_SPEECH[part]).find(Boolean) ?? null,
    gender: grammar.map((part) => GENDERS[part]).find(Boolean) ?? null,
  };
  const senses: OfflineSense[] = [];
  for (const line of lines) {
    if (!line.trim() || /^\s*(see:|Synonyms?:|Note:|\{)/.test(line)) continue;
    const example = line.match(/^\s{3,}"(.+?)"\s+-\s+(.+)$/);
    if (example) {
      senses.at(-1)?.examples.push(`${example[1]} — ${example[2]?.trim()}`);
      continue;
    }
    if (/^\s{3,}/.test(line)) continue;
    const meaning = clean(line.replace(/^\s*\d+\.\s*/, ''));
    if (meaning) senses.push({ ...base, meaning, examples: [] });
  }
  return senses;
}

/** The single words an entry's "see:" line refers to: for an inflected form, its base form among them. */
export function baseFormsIn(text: string): string[] {
  const see = text.match(/^\s*see:\s*(.*)$/m)?.[1] ?? '';
  return [...see.matchAll(/\{([^}\s]+)\}/g)].map((m) => m[1] as string);
}

/**
 * FreeDict's Japanese–English entries start with the written forms and readings, then alternate grammar lines
 * in parentheses with lines of meanings; "Note: …" remarks may run into the meaning that follows them.
 */
export function parseFreedictJapaneseEntry(text: string, headword: string): OfflineSense[] {
  const [head = '', ...lines] = text.split('\n');
  const reading = head.match(/[,\s]([\u3040-\u30ff]+)\s+\//)?.[1] ?? null;
  const senses: OfflineSense[] = [];
  let partOfSpeech: string | null = null;
  for (const raw of lines) {
    const line = raw
      .replace(/^\s*\d+\.\s*/, '')
      .replace(/^\s*Note: word usually written using kana alone/, '')
      .trim();
    if (!line || line.startsWith('{') || line.startsWith('Note:')) continue;
    if (line.startsWith('(')) {
      partOfSpeech ??= line.replace(/^\(|\)$/g, '').replace(/\s*\(.*$/, '');
      continue;
    }
    senses.push({ headword, partOfSpeech, gender: null, ipa: reading, meaning: clean(line), examples: [] });
  }
  return senses;
}

/**
 * WordNet's dictd text: the headword, then senses "    n 1: gloss; "example"" whose lines wrap with deeper
 * indentation; [syn: …] and [ant: …] lists are left out.
 */
export function parseWordnetEntry(text: string, lookedUp?: string): OfflineSense[] {
  const [rawHead = '', ...lines] = text.split('\n');
  // One entry holds every case of a word ("Be", the element, and "be", the verb): name it as looked up, unless
  // it is an abbreviation ("IT"), which a look-up of "it" must be able to tell apart.
  const trimmed = rawHead.trim();
  const abbreviation = trimmed.length > 1 && trimmed === trimmed.toUpperCase();
  const head =
    lookedUp && !abbreviation && trimmed.toLowerCase() === lookedUp.toLowerCase() ? lookedUp : trimmed;
  const raw: Array<{ partOfSpeech: string | null; text: string }> = [];
  let partOfSpeech: string | null = null;
  for (const line of lines) {
    const start = line.match(/^\s{4}(?:(n|v|adj|adv)\s+)?\d+:\s+(.*)$/);
    if (start) {
      if (start[1]) partOfSpeech = PARTS_OF_SPEECH[start[1]] ?? start[1];
      raw.push({ partOfSpeech, text: start[2] ?? '' });
    } else if (line.trim() && raw.length > 0) {
      (raw.at(-1) as { text: string }).text += ` ${line.trim()}`;
    }
  }
  return raw.map(({ partOfSpeech, text: sense }) => {
    const body = sense.replace(/\[(?:syn|ant|also|see):[^\]]*\]/g, '').trim();
    const examples = [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
    const meaning = clean(body.replace(/;?\s*"[^"]*"/g, '').replace(/;\s*$/, ''));
    return { headword: head.trim(), partOfSpeech, gender: null, ipa: null, meaning, examples };
  });
}
