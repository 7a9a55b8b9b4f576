import { type CefrLevel, type Language, levelRank } from '../../contracts/article-request';
import { STORIES_DE } from './de';
import { STORIES_EN } from './en';
import { STORIES_ES } from './es';
import { STORIES_FR } from './fr';
import type { LevelVersion, SampleStory, SampleTopic } from './types';

export type { LevelVersion, SampleStory, SampleTopic };

export const SAMPLE_STORIES: SampleStory[] = [...STORIES_EN, ...STORIES_DE, ...STORIES_ES, ...STORIES_FR];

/** Words a learner may type for each story's topic, in the sample languages (matched by prefix, accents folded). */
const TOPIC_WORDS: Record<SampleTopic, string[]> = {
  'bike-lanes': [
    'bicycle',
    'bike',
    'cycling',
    'cyclist',
    'traffic',
    'street',
    'city',
    'transport',
    'commute',
    'fahrrad',
    'rad',
    'radfahr',
    'radweg',
    'verkehr',
    'stadt',
    'strasse',
    'bicicleta',
    'ciclis',
    'carril',
    'trafico',
    'ciudad',
    'calle',
    'velo',
    'cycl',
    'piste',
    'circulation',
    'ville',
    'rue',
  ],
  'solar-farm': [
    'solar',
    'sun',
    'energy',
    'electricity',
    'power',
    'climate',
    'renewable',
    'panel',
    'sonne',
    'energie',
    'strom',
    'klima',
    'erneuerbar',
    'photovoltaik',
    'sol',
    'energia',
    'electricidad',
    'clima',
    'renovable',
    'placa',
    'soleil',
    'electricite',
    'climat',
    'renouvelable',
    'panneau',
  ],
  'night-train': [
    'train',
    'rail',
    'travel',
    'night',
    'sleeper',
    'journey',
    'trip',
    'flight',
    'zug',
    'bahn',
    'nachtzug',
    'reise',
    'schlafwagen',
    'nacht',
    'tren',
    'viaje',
    'noche',
    'ferrocarril',
    'nocturno',
    'voyage',
    'nuit',
    'ferroviaire',
    'couchette',
    'chemin de fer',
  ],
};

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function topicScore(topic: SampleTopic, query: string): number {
  const words = fold(query)
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 3);
  return TOPIC_WORDS[topic].filter((stem) =>
    words.some((word) => word.startsWith(stem) || stem.startsWith(word)),
  ).length;
}

/**
 * The sample stories in the language (English where there are none), the one closest to the query first; ties
 * keep the file order, so every query finds a story.
 */
export function findSampleStories(query: string, language: Language): SampleStory[] {
  const inLanguage = SAMPLE_STORIES.filter((story) => story.language === language);
  const stories = inLanguage.length > 0 ? inLanguage : STORIES_EN;
  return stories
    .map((story, order) => ({ story, order, score: topicScore(story.topic, query) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ story }) => story);
}

/** The version nearest the level; between two equally near, the easier one. */
export function nearestVersion(story: SampleStory, level: CefrLevel): LevelVersion {
  const distance = (version: LevelVersion) => Math.abs(levelRank(version.level) - levelRank(level));
  return story.versions.reduce((best, version) => (distance(version) < distance(best) ? version : best));
}

/** The version a news page serves: the hardest, as close to real journalism as the samples get. */
export const newsVersion = (story: SampleStory): LevelVersion => story.versions.at(-1) as LevelVersion;

export const storySlug = (story: SampleStory) => `${story.language}-${story.topic}`;

/**
 * The sample stories are also the level check's texts of known level: two stories per language calibrate it,
 * the third is held back to measure it (npm run bench:level).
 */
export const HELD_BACK_TOPIC: SampleTopic = 'night-train';

export function knownLevelTexts(which: 'calibration' | 'held-back' | 'all') {
  return SAMPLE_STORIES.filter(
    (story) => which === 'all' || (story.topic === HELD_BACK_TOPIC) === (which === 'held-back'),
  ).flatMap((story) =>
    story.versions.map((version) => ({
      language: story.language,
      level: version.level,
      topic: story.topic,
      text: version.paragraphs.join('\n\n'),
    })),
  );
}
