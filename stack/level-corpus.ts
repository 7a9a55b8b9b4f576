import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Signal } from '../activities/level/estimate';
import type { CefrLevel, Language } from '../contracts/article-request';
import { HELD_BACK_TOPIC, SAMPLE_STORIES } from './sample-stories';

/**
 * The texts of known level the level check is calibrated and scored on: texts levelled by others (CEFR-SP,
 * MERLIN; data/level-corpus/README.md gives each source, licence and level mapping) and opad's own sample stories.
 *
 * The external texts come from fetched snapshots, whose data files may not be committed here: they are read from
 * LEVEL_CORPUS_DIR (by default the steering repo's shared/data/level-corpus beside the clone) only by
 * `npm run level:measure`, which writes what calibration and bench need of them, numbers only, to the committed
 * data/level-corpus/measured.jsonl. Everything else reads that file.
 */
export type CorpusSplit = 'calibration' | 'held-out';

/** Who a text is, apart from its words: what measured.jsonl keeps of every text. */
export interface CorpusEntry {
  id: string;
  /** Where the text and its level come from (data/level-corpus/README.md). */
  source: string;
  language: Language;
  level: CefrLevel;
  split: CorpusSplit;
  /** Versions of one story at several levels share a story id (the sample stories). */
  story?: string;
}

export interface CorpusText extends CorpusEntry {
  text: string;
}

/** A text as measured.jsonl holds it: its level signals (activities/level/estimate.ts `signalValues`), no words. */
export interface MeasuredCorpusText extends CorpusEntry {
  values: Partial<Record<Signal, number>>;
}

const REPO = path.resolve(__dirname, '..');

/** The committed measures of every text of known level (`npm run level:measure` writes it). */
export const MEASURED_FILE = path.join(REPO, 'data', 'level-corpus', 'measured.jsonl');

/** Where the raw external texts are: LEVEL_CORPUS_DIR, else the steering repo's shared folder beside the clone. */
export const rawCorpusDir = () =>
  process.env.LEVEL_CORPUS_DIR
    ? path.resolve(process.env.LEVEL_CORPUS_DIR)
    : path.resolve(REPO, '..', 'shared', 'data', 'level-corpus');

/** The external sources, one JSON-lines file each (bench/level-corpus/build.ts writes them). */
export const CORPUS_FILES = ['cefr-sp-wikiauto.en', 'merlin.de', 'merlin.it'] as const;

export const corpusFile = (name: string) => path.join(rawCorpusDir(), `${name}.jsonl`);

/** A quarter of a source without a split of its own is held out, chosen by a hash of the text's id. */
export function splitFor(id: string): CorpusSplit {
  const byte = createHash('sha256').update(id).digest()[0] as number;
  return byte < 64 ? 'held-out' : 'calibration';
}

const readJsonLines = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

/**
 * The raw texts levelled by others, from rawCorpusDir(). Only measuring needs them; without them it cannot run,
 * and says where they were looked for.
 */
export function externalTexts(): CorpusText[] {
  const missing = CORPUS_FILES.map(corpusFile).filter((file) => !fs.existsSync(file));
  if (missing.length > 0)
    throw new Error(
      `the raw texts of known level are missing (${missing.join(', ')}): set LEVEL_CORPUS_DIR to the folder ` +
        'holding them, or rebuild them there with bench/level-corpus/build.ts (data/level-corpus/README.md)',
    );
  return CORPUS_FILES.flatMap((name) => readJsonLines<CorpusText>(corpusFile(name)));
}

/** opad's own sample stories (in the repo), each version a text; the held-back topic is held out. */
export function sampleStoryTexts(): CorpusText[] {
  return SAMPLE_STORIES.flatMap((story) =>
    story.versions.map((version) => ({
      id: `opad-${story.language}-${story.topic}-${version.level}`,
      source: 'opad-sample-stories',
      language: story.language,
      level: version.level,
      split: story.topic === HELD_BACK_TOPIC ? ('held-out' as const) : ('calibration' as const),
      story: `${story.language}-${story.topic}`,
      text: version.paragraphs.join('\n\n'),
    })),
  );
}

let measured: MeasuredCorpusText[] | undefined;

/** Every text of known level as measured (data/level-corpus/measured.jsonl); `split` keeps one part. */
export function measuredCorpus(split?: CorpusSplit): MeasuredCorpusText[] {
  measured ??= readJsonLines<MeasuredCorpusText>(MEASURED_FILE);
  return split ? measured.filter((text) => text.split === split) : measured;
}

/** Sources whose texts were levelled by someone other than opad. */
export const isExternal = (text: { source: string }) => text.source !== 'opad-sample-stories';
