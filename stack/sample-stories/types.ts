import type { CefrLevel, Language } from '../../contracts/article-request';

/** One version of a sample story, written for one CEFR level (the way News in Levels writes a story three times). */
export interface LevelVersion {
  level: CefrLevel;
  title: string;
  paragraphs: string[];
}

/**
 * A sample news story written for this project, in one language, at several levels. The people, places and
 * outlets are fictional; every page that shows one says it is a sample.
 */
export interface SampleStory {
  /** One of SAMPLE_TOPICS' keys: the same story exists in each sample language. */
  topic: SampleTopic;
  language: Language;
  outlet: string;
  author: string;
  publishedTime: string;
  /** Human date as Serper returns it in `date`. */
  ago: string;
  /** Versions from the easiest level to the hardest. */
  versions: LevelVersion[];
}

export type SampleTopic = 'bike-lanes' | 'solar-farm' | 'night-train';
