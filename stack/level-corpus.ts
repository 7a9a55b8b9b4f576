import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CefrLevel, Language } from '../contracts/article-request';
import { HELD_BACK_TOPIC, SAMPLE_STORIES } from './sample-stories';

/**
 * The texts of known level the level check is calibrated and scored on: data/level-corpus (levelled by others;
 * its README gives each source, licence and level mapping) and opad's own sample stories.
 */
export type CorpusSplit = 'calibration' | 'held-out';

export interface CorpusText {
  id: string;
  /** Where the text and its level come from (data/level-corpus/README.md). */
  source: string;
  language: Language;
  level: CefrLevel;
  split: CorpusSplit;
  text: string;
  /** Versions of one story at several levels share a story id (the sample stories). */
  story?: string;
}

const CORPUS_DIR = path.resolve(__dirname, '..', 'data', 'level-corpus');

/** The sources shipped in data/level-corpus, one JSON-lines file each. */
export const CORPUS_FILES = ['cefr-sp-wikiauto.en', 'merlin.de', 'merlin.it'] as const;

export const corpusFile = (name: string) => path.join(CORPUS_DIR, `${name}.jsonl`);

/** A quarter of a source without a split of its own is held out, chosen by a hash of the text's id. */
export function splitFor(id: string): CorpusSplit {
  const byte = createHash('sha256').update(id).digest()[0] as number;
  return byte < 64 ? 'held-out' : 'calibration';
}

function sampleStories(): CorpusText[] {
  return SAMPLE_STORIES.flatMap((story) =>
    story.versions.map((version) => ({
      id: `opad-${story.language}-${story.topic}-${version.level}`,
      source: 'opad-sample-stories',
      language: story.language,
      level: version.level,
      split: story.topic === HELD_BACK_TOPIC ? ('held-out' as const) : ('calibration' as const),
      text: version.paragraphs.join('\n\n'),
      story: `${story.language}-${story.topic}`,
    })),
  );
}

let loaded: CorpusText[] | undefined;

/** Every text of known level; `split` keeps the calibration part or the held-out part. */
export function levelCorpus(split?: CorpusSplit): CorpusText[] {
  loaded ??= [
    ...CORPUS_FILES.flatMap((name) =>
      fs
        .readFileSync(corpusFile(name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as CorpusText),
    ),
    ...sampleStories(),
  ];
  return split ? loaded.filter((text) => text.split === split) : loaded;
}

/** Sources whose texts were levelled by someone other than opad. */
export const isExternal = (text: CorpusText) => text.source !== 'opad-sample-stories';
