import type { CefrLevel, Language } from '../../contracts/article-request';
import { withoutElision } from '../../contracts/elision';
import { LEVEL_BANDS } from './bands';
import { cjkRank } from './cjk-forms';
import { type Readability, readability } from './readability';
import { countSyllables } from './syllables';
import { wordRanks } from './word-ranks';

/** Words that open a subordinate or relative clause; ambiguous ones (that, que) count, so this is a rate, not a parse. */
const SUBORDINATORS: Partial<Record<Language, string[]>> = {
  en: [
    'because',
    'although',
    'though',
    'while',
    'whereas',
    'since',
    'unless',
    'that',
    'which',
    'who',
    'whom',
    'whose',
    'when',
    'where',
    'if',
    'whether',
    'until',
    'after',
    'before',
  ],
  de: [
    'weil',
    'dass',
    'ob',
    'wenn',
    'als',
    'obwohl',
    'während',
    'nachdem',
    'bevor',
    'damit',
    'sodass',
    'falls',
    'welche',
    'welcher',
    'welches',
    'welchen',
    'wodurch',
    'womit',
    'wobei',
    'indem',
    'seit',
    'sobald',
  ],
  es: [
    'que',
    'porque',
    'aunque',
    'cuando',
    'donde',
    'si',
    'mientras',
    'cuyo',
    'cuya',
    'cuyos',
    'cuyas',
    'quien',
    'quienes',
    'cual',
    'cuales',
    'pues',
  ],
  fr: [
    'que',
    'qu',
    'qui',

    'quand',
    'lorsque',
    'lorsqu',
    'si',
    'puisque',
    'puisqu',
    'dont',
    'où',
    'lequel',
    'laquelle',
    'lesquels',
    'lesquelles',
    'quoique',
  ],
  it: ['che', 'perché', 'quando', 'se', 'mentre', 'sebbene', 'benché', 'dove', 'cui', 'quale', 'quali'],
  pt: ['que', 'porque', 'quando', 'se', 'embora', 'enquanto', 'onde', 'cujo', 'cuja', 'quem', 'qual'],
};

/**
 * German capitalises every noun, so a capitalised word missing from the list is often a rare compound noun
 * (Radwege = Rad + Wege), not a name: it counts as a word when it splits into two listed parts.
 */
function isGermanCompound(form: string, ranks: Map<string, number>): boolean {
  for (let cut = 3; cut <= form.length - 3; cut++) {
    const head = form.slice(0, cut);
    const tail = form.slice(cut);
    if ((ranks.has(head) || ranks.has(head.replace(/s$/, ''))) && ranks.has(tail)) return true;
  }
  return false;
}

export interface WordToken {
  text: string;
  /**
   * Lower-cased, as the frequency list writes it: without an elided French or Italian prefix (qu'il → il) or an
   * English contraction's ending (don't → don, it's → it), which the lists count as words of their own.
   */
  form: string;
  /** The elided prefix (qu, lorsqu, l), which may open a subordinate clause. */
  prefix?: string;
  kind: 'word' | 'name' | 'number';
  /** Rank in the frequency list; undefined when the form is not in its 30,000. */
  rank?: number;
}

export interface SentenceMeasure {
  text: string;
  words: number;
}

export interface TextMeasures {
  /** Running words counted for coverage: names and numbers left out. */
  words: number;
  names: number;
  numbers: number;
  sentences: number;
  meanSentenceLength: number;
  longestSentence: SentenceMeasure;
  subordinatorsPerSentence: number | null;
  syllablesPerWord: number;
  readability: Readability | null;
  /** Share of counted words in each level's band (or known to the learner), 0–1. */
  coverage: Record<Exclude<CefrLevel, 'C2'>, number>;
  /** log10 of the rank that 90 % of counted words are within (a form outside the list counts as 60,000). */
  lexicalRank90: number;
  /** Share of counted words beyond the B2 band (rarer than the 10,000 most frequent forms, or unlisted), 0–1. */
  beyondB2Share: number;
  /** Letters per running word (names included, numbers not); characters per word in Japanese and Chinese. */
  meanWordLength: number;
}

const OUTSIDE_LIST_LOG_RANK = Math.log10(60_000);

function segments(text: string, language: Language, granularity: 'sentence' | 'word') {
  return Array.from(new Intl.Segmenter(language, { granularity }).segment(text));
}

/** The words of one sentence, each classed as a word, a name or a number. */
export function tokenize(sentence: string, language: Language): WordToken[] {
  const ranks = wordRanks(language);
  const tokens: WordToken[] = [];
  for (const part of segments(sentence, language, 'word')) {
    if (!part.isWordLike) continue;
    const text = part.segment;
    const { prefix, stem } = withoutElision(text.toLocaleLowerCase(language), language);
    const form = language === 'en' ? stem.replace(/['’](?:s|t|re|ve|ll|d|m)$/, '') : stem;
    const rank = ranks.get(form) ?? cjkRank(form, language, ranks);
    const capitalised = /^\p{Lu}/u.test(text);
    let kind: WordToken['kind'] = 'word';
    if (/\p{N}/u.test(text)) kind = 'number';
    else if (capitalised && rank === undefined)
      kind = language === 'de' && isGermanCompound(form, ranks) ? 'word' : 'name';
    else if (capitalised && tokens.length > 0 && language !== 'de' && (rank ?? 0) > 3_000)
      // Capitalised mid-sentence and rare as a common word: a name (Weiss, Northern Star), not vocabulary.
      kind = 'name';
    tokens.push({ text, form, kind, ...(prefix ? { prefix } : {}), ...(rank !== undefined ? { rank } : {}) });
  }
  return nameRuns(tokens);
}

/**
 * A capitalised word next to a name is part of it (Tomás Ortega, Clara Weiss): the one rule that finds
 * German names, where every noun is capitalised and ordinary words like "Weiss" and "Lang" are in the list.
 */
function nameRuns(tokens: WordToken[]): WordToken[] {
  const capitalised = (token: WordToken | undefined) => token !== undefined && /^\p{Lu}/u.test(token.text);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as WordToken;
      if (token.kind !== 'word' || !capitalised(token)) continue;
      const neighbours = [tokens[i - 1], tokens[i + 1]];
      if (neighbours.some((n) => n?.kind === 'name' && capitalised(n))) token.kind = 'name';
    }
  }
  return tokens;
}

export function splitSentences(text: string, language: Language): string[] {
  return segments(text, language, 'sentence')
    .map((part) => part.segment.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

/** Markdown to plain prose: headings, quotes blocks, links and emphasis reduced to their words. */
export function plainText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*(#|>)/.test(line))
    .join('\n')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .trim();
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Every signal of the level check for one text. `known`: forms the learner saved, counted as within any band. */
export function measureText(
  text: string,
  language: Language,
  known: ReadonlySet<string> = new Set(),
): TextMeasures {
  const sentences = splitSentences(plainText(text), language);
  const subordinators = new Set(SUBORDINATORS[language] ?? []);
  const logRanks: number[] = [];
  const inBand = { A1: 0, A2: 0, B1: 0, B2: 0, C1: 0 };
  let words = 0;
  let names = 0;
  let numbers = 0;
  let allWords = 0;
  let syllables = 0;
  let letters = 0;
  let beyondB2 = 0;
  let subordinate = 0;
  let longest: SentenceMeasure = { text: '', words: 0 };
  for (const sentence of sentences) {
    const tokens = tokenize(sentence, language);
    const length = tokens.length;
    allWords += length;
    if (length > longest.words) longest = { text: sentence, words: length };
    for (const token of tokens) {
      if (subordinators.has(token.form) || (token.prefix && subordinators.has(token.prefix))) subordinate++;
      if (token.kind === 'number') {
        numbers++;
        continue;
      }
      syllables += countSyllables(token.form, language);
      letters += Array.from(token.form.replace(/[^\p{L}\p{M}]/gu, '')).length;
      if (token.kind === 'name') {
        names++;
        continue;
      }
      words++;
      const rank = known.has(token.form) ? 1 : (token.rank ?? Number.POSITIVE_INFINITY);
      logRanks.push(Number.isFinite(rank) ? Math.log10(rank) : OUTSIDE_LIST_LOG_RANK);
      for (const level of Object.keys(inBand) as Array<keyof typeof inBand>)
        if (rank <= LEVEL_BANDS[level]) inBand[level]++;
      if (rank > LEVEL_BANDS.B2) beyondB2++;
    }
  }
  const sentenceCount = Math.max(1, sentences.length);
  const meanSentenceLength = allWords / sentenceCount;
  const syllablesPerWord = syllables / Math.max(1, allWords - numbers);
  logRanks.sort((a, b) => a - b);
  const share = (count: number) => (words === 0 ? 1 : round(count / words));
  return {
    words,
    names,
    numbers,
    sentences: sentences.length,
    meanSentenceLength: round(meanSentenceLength, 2),
    longestSentence: longest,
    subordinatorsPerSentence: subordinators.size > 0 ? round(subordinate / sentenceCount) : null,
    syllablesPerWord: round(syllablesPerWord),
    readability: readability(language, meanSentenceLength, syllablesPerWord),
    coverage: {
      A1: share(inBand.A1),
      A2: share(inBand.A2),
      B1: share(inBand.B1),
      B2: share(inBand.B2),
      C1: share(inBand.C1),
    },
    lexicalRank90: round(logRanks[Math.min(logRanks.length - 1, Math.floor(logRanks.length * 0.9))] ?? 0),
    beyondB2Share: words === 0 ? 0 : round(beyondB2 / words),
    meanWordLength: round(letters / Math.max(1, allWords - numbers), 2),
  };
}
