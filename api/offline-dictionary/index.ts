import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../contracts/article-request';
import { type DictdFiles, openDictd } from './dictd';
import {
  baseFormsIn,
  type OfflineSense,
  parseFreedictEntry,
  parseFreedictJapaneseEntry,
  parseWordnetEntry,
} from './entries';
import { candidateForms } from './forms';
import { isIrregularVerb } from './irregular';

export type { OfflineSense };

export interface OfflineSource {
  /** The Debian package that installs it. */
  package: string;
  /** dictd file name, without `.index` / `.dict.dz`. */
  file: string;
  name: string;
  licence: string;
}

/** The offline dictionary of each language; Korean and Chinese have none in Debian, so they ask the model. */
export const OFFLINE_SOURCES: Partial<Record<Language, OfflineSource>> = {
  en: { package: 'dict-wn', file: 'wn', name: 'WordNet 3.0', licence: 'WordNet 3.0 licence' },
  de: freedict('deu', 'German'),
  fr: freedict('fra', 'French'),
  es: freedict('spa', 'Spanish'),
  it: freedict('ita', 'Italian'),
  pt: freedict('por', 'Portuguese'),
  ja: freedict('jpn', 'Japanese'),
};

function freedict(code: string, language: string): OfflineSource {
  return {
    package: `dict-freedict-${code}-eng`,
    file: `freedict-${code}-eng`,
    name: `FreeDict ${language}–English`,
    licence: 'GPL',
  };
}

/** Both of a dictionary's dictd files are in `dir`. */
export const isInstalled = (dir: string, source: OfflineSource) =>
  fs.existsSync(path.join(dir, `${source.file}.index`)) &&
  fs.existsSync(path.join(dir, `${source.file}.dict.dz`));

export type OfflineLookup =
  | { kind: 'found'; source: OfflineSource; lemma: string; senses: OfflineSense[] }
  | { kind: 'no-entry'; source: OfflineSource }
  | { kind: 'not-installed'; source: OfflineSource }
  | { kind: 'no-dictionary' };

export interface OfflineDictionary {
  lookUp(word: string, language: Language): Promise<OfflineLookup>;
}

/** Senses shown at most, and headwords taken from the candidates (a form can belong to two words: gefahren). */
const MAX_SENSES = 8;
const MAX_HEADWORDS = 2;

/** "IT" (information technology) for "it", "WHO" for "who": an all-capitals headword is not the word clicked. */
function isAbbreviationOf(headword: string, clicked: string): boolean {
  return headword.length > 1 && headword === headword.toUpperCase() && clicked !== clicked.toUpperCase();
}

/** dictd folds case, so "be" also finds "Be" (beryllium): where some entries are written as looked up, only those. */
function sameCaseFirst(senses: OfflineSense[], form: string): OfflineSense[] {
  const exact = senses.filter((sense) => sense.headword === form);
  return exact.length > 0 ? exact : senses;
}

function preferVerbs(senses: OfflineSense[], verb: boolean): OfflineSense[] {
  const verbs = verb ? senses.filter((sense) => sense.partOfSpeech === 'verb') : [];
  return verbs.length > 0 ? verbs : senses;
}

const foldUmlauts = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** A referenced word that begins like the clicked one (Häuser, Haus), not a synonym (Gefahren, Bedrohung). */
function sharesStem(base: string, clicked: string): boolean {
  return foldUmlauts(base).slice(0, 3) === foldUmlauts(clicked).slice(0, 3);
}

function parse(language: Language, text: string, headword: string): OfflineSense[] {
  if (language === 'en') return parseWordnetEntry(text, headword);
  if (language === 'ja') return parseFreedictJapaneseEntry(text, headword);
  return parseFreedictEntry(text);
}

/** Reads the dictd files Debian installs in `dir` (normally /usr/share/dictd); a missing file means "not installed". */
export function openOfflineDictionary(dir: string): OfflineDictionary {
  const opened = new Map<Language, DictdFiles>();
  return {
    async lookUp(word, language) {
      const source = OFFLINE_SOURCES[language];
      if (!source) return { kind: 'no-dictionary' };
      if (!isInstalled(dir, source)) return { kind: 'not-installed', source };
      let files = opened.get(language);
      if (!files) {
        files = openDictd(path.join(dir, source.file));
        opened.set(language, files);
      }
      const clicked = word.trim();
      const senses: OfflineSense[] = [];
      const headwords: string[] = [];
      const queue = candidateForms(clicked, language);
      while (queue.length > 0 && headwords.length < MAX_HEADWORDS) {
        const form = queue.shift() as string;
        const texts = await files.entries(form);
        const parsed = texts.flatMap((text) => parse(language, text, form));
        const found = preferVerbs(
          sameCaseFirst(
            parsed.filter((sense) => !isAbbreviationOf(sense.headword, clicked)),
            form,
          ),
          isIrregularVerb(form, language),
        );
        if (found.length === 0 || headwords.includes(found[0]?.headword as string)) continue;
        headwords.push(found[0]?.headword as string);
        senses.push(...found);
        // A form the dictionary lists as the inflection of another (Häuser → Haus) leads on to that word;
        // a word with a meaning of its own ends the look-up.
        if (!found.every((sense) => sense.partOfSpeech === 'plural' || sense.partOfSpeech === null)) break;
        queue.unshift(...texts.flatMap(baseFormsIn).filter((base) => sharesStem(base, clicked)));
      }
      const lemma = headwords.at(-1);
      if (!lemma) return { kind: 'no-entry', source };
      return { kind: 'found', source, lemma, senses: senses.slice(0, MAX_SENSES) };
    },
  };
}
