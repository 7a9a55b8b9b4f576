import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../contracts/article-request';
import { type DictdFiles, openDictd } from './dictd';
import {
  type OfflineSense,
  parseFreedictEntry,
  parseFreedictJapaneseEntry,
  parseWordnetEntry,
} from './entries';
import { candidateForms } from './forms';

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

export const OFFLINE_PACKAGES = Object.values(OFFLINE_SOURCES).map((source) => source.package);

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

function parse(language: Language, text: string, headword: string): OfflineSense[] {
  if (language === 'en') return parseWordnetEntry(text);
  if (language === 'ja') return parseFreedictJapaneseEntry(text, headword);
  return parseFreedictEntry(text);
}

/** Reads the dictd files Debian installs in `dir` (normally /usr/share/dictd); a missing file means "not installed". */
export function openOfflineDictionary(dir: string): OfflineDictionary {
  const opened = new Map<Language, DictdFiles>();
  const installed = (source: OfflineSource) =>
    fs.existsSync(path.join(dir, `${source.file}.index`)) &&
    fs.existsSync(path.join(dir, `${source.file}.dict.dz`));
  return {
    async lookUp(word, language) {
      const source = OFFLINE_SOURCES[language];
      if (!source) return { kind: 'no-dictionary' };
      if (!installed(source)) return { kind: 'not-installed', source };
      let files = opened.get(language);
      if (!files) {
        files = openDictd(path.join(dir, source.file));
        opened.set(language, files);
      }
      const senses: OfflineSense[] = [];
      let headwords = 0;
      let lemma: string | undefined;
      for (const form of candidateForms(word.trim(), language)) {
        const texts = await files.entries(form);
        if (texts.length === 0) continue;
        const found = texts.flatMap((text) => parse(language, text, form));
        if (found.length === 0) continue;
        lemma ??= found[0]?.headword;
        senses.push(...found);
        if (++headwords === MAX_HEADWORDS) break;
      }
      if (!lemma) return { kind: 'no-entry', source };
      return { kind: 'found', source, lemma, senses: senses.slice(0, MAX_SENSES) };
    },
  };
}
