import type { CefrLevel, Language } from '../../contracts/article-request';
import { withoutElision } from '../../contracts/elision';
import { LEVEL_BANDS } from './bands';
import { cjkRank } from './cjk-forms';
import { hasSubordinators, subordinateClauses } from './clauses';
import { type Readability, readability } from './readability';
import { countSyllables } from './syllables';
import { wordRanks } from './word-ranks';

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
  /** A comma (or semicolon) stands between this word and the one before: where a German relative clause opens. */
  afterComma?: boolean;
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
  /**
   * Commas, semicolons and colons a sentence: where a clause or an insertion is set off (German and Russian
   * require a comma before every subordinate clause), a clause-depth signal that needs no list of conjunctions.
   */
  clauseMarksPerSentence: number;
  /** Share of counted words beyond the B1 band (rarer than the 6,000 most frequent forms, or unlisted), 0–1. */
  beyondB1Share: number;
  /**
   * Mean log10 rank of the counted words the frequency list has. Unlisted forms are left out: in learner texts
   * they are mostly misspellings, which say little about how rare the words meant were.
   */
  listedWordRarity: number;
  /** Mean share of distinct forms in each run of 40 words: how varied the vocabulary is, whatever the length. */
  lexicalDiversity: number;
}

const OUTSIDE_LIST_LOG_RANK = Math.log10(60_000);
const CLAUSE_MARKS = /[,;:\u3001\uff0c\uff1b\uff1a\u060c]/gu;
const DIVERSITY_WINDOW = 40;

/** Moving-average type-token ratio (Covington & McFall 2010): a short text's ratio is its own. */
function movingTypeTokenRatio(forms: string[]): number {
  if (forms.length === 0) return 0;
  if (forms.length <= DIVERSITY_WINDOW) return new Set(forms).size / forms.length;
  let total = 0;
  const windows = forms.length - DIVERSITY_WINDOW + 1;
  for (let start = 0; start < windows; start++)
    total += new Set(forms.slice(start, start + DIVERSITY_WINDOW)).size / DIVERSITY_WINDOW;
  return total / windows;
}

function segments(text: string, language: Language, granularity: 'sentence' | 'word') {
  return Array.from(new Intl.Segmenter(language, { granularity }).segment(text));
}

/** The words of one sentence, each classed as a word, a name or a number. */
export function tokenize(sentence: string, language: Language): WordToken[] {
  const ranks = wordRanks(language);
  const tokens: WordToken[] = [];
  let afterComma = false;
  for (const part of segments(sentence, language, 'word')) {
    if (!part.isWordLike) {
      if (/[,;\u3001\uff0c]/u.test(part.segment)) afterComma = true;
      continue;
    }
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
    tokens.push({
      text,
      form,
      kind,
      ...(prefix ? { prefix } : {}),
      ...(rank !== undefined ? { rank } : {}),
      ...(afterComma ? { afterComma } : {}),
    });
    afterComma = false;
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
  const logRanks: number[] = [];
  const inBand = { A1: 0, A2: 0, B1: 0, B2: 0, C1: 0 };
  let words = 0;
  let names = 0;
  let numbers = 0;
  let allWords = 0;
  let syllables = 0;
  let letters = 0;
  let beyondB2 = 0;
  let beyondB1 = 0;
  let listedLogRanks = 0;
  let listed = 0;
  const forms: string[] = [];
  let subordinate = 0;
  let longest: SentenceMeasure = { text: '', words: 0 };
  for (const sentence of sentences) {
    const tokens = tokenize(sentence, language);
    const length = tokens.length;
    subordinate += subordinateClauses(tokens, language);
    allWords += length;
    if (length > longest.words) longest = { text: sentence, words: length };
    for (const token of tokens) {
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
      forms.push(token.form);
      const rank = known.has(token.form) ? 1 : (token.rank ?? Number.POSITIVE_INFINITY);
      if (Number.isFinite(rank)) {
        listed++;
        listedLogRanks += Math.log10(rank);
      }
      logRanks.push(Number.isFinite(rank) ? Math.log10(rank) : OUTSIDE_LIST_LOG_RANK);
      for (const level of Object.keys(inBand) as Array<keyof typeof inBand>)
        if (rank <= LEVEL_BANDS[level]) inBand[level]++;
      if (rank > LEVEL_BANDS.B2) beyondB2++;
      if (rank > LEVEL_BANDS.B1) beyondB1++;
    }
  }
  const sentenceCount = Math.max(1, sentences.length);
  const meanSentenceLength = allWords / sentenceCount;
  const syllablesPerWord = syllables / Math.max(1, allWords - numbers);
  logRanks.sort((a, b) => a - b);
  const share = (count: number) => (words === 0 ? 1 : round(count / words));
  const clauseMarks = sentences.reduce(
    (sum, sentence) => sum + (sentence.match(CLAUSE_MARKS)?.length ?? 0),
    0,
  );
  return {
    words,
    names,
    numbers,
    sentences: sentences.length,
    meanSentenceLength: round(meanSentenceLength, 2),
    longestSentence: longest,
    subordinatorsPerSentence: hasSubordinators(language) ? round(subordinate / sentenceCount) : null,
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
    clauseMarksPerSentence: round(clauseMarks / sentenceCount),
    beyondB1Share: words === 0 ? 0 : round(beyondB1 / words),
    listedWordRarity: listed === 0 ? 0 : round(listedLogRanks / listed),
    lexicalDiversity: round(movingTypeTokenRatio(forms)),
  };
}
