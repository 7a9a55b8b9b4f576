import { type Card, createEmptyCard, fsrs, type Grade, Rating } from 'ts-fsrs';
import type { ReviewCard, VocabularyEntry } from '../db/schema';

export const GRADES = ['again', 'hard', 'good', 'easy'] as const;
export type GradeName = (typeof GRADES)[number];

const RATINGS: Record<GradeName, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

// FSRS's defaults (90 % retention, its published weights). No fuzz: the same grades give the same dates, so a
// learner's schedule can be explained and tested.
const scheduler = fsrs({ enable_fuzz: false });

const STATES = ['new', 'learning', 'review', 'relearning'] as const;

function cardOf(entry: Pick<VocabularyEntry, 'review_card' | 'created_at'>): Card {
  const stored = entry.review_card;
  if (!stored) return createEmptyCard(entry.created_at);
  return {
    ...stored,
    due: new Date(stored.due),
    last_review: stored.last_review ? new Date(stored.last_review) : undefined,
  };
}

function stored(card: Card): ReviewCard {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review?.toISOString(),
  };
}

/** The card after grading it at `now`. */
export function gradeCard(
  entry: Pick<VocabularyEntry, 'review_card' | 'created_at'>,
  grade: GradeName,
  now: Date,
): ReviewCard {
  return stored(scheduler.next(cardOf(entry), now, RATINGS[grade]).card);
}

/** What the API shows of an entry's schedule. */
export function reviewStateOf(
  entry: Pick<
    VocabularyEntry,
    'review_card' | 'review_due' | 'reviewed_at' | 'seen_in_stories' | 'seen_in_story_at'
  >,
) {
  return {
    due: entry.review_due,
    state: STATES[entry.review_card?.state ?? 0] ?? 'new',
    reviews: entry.review_card?.reps ?? 0,
    lapses: entry.review_card?.lapses ?? 0,
    lastReviewedAt: entry.reviewed_at,
    seenInStories: entry.seen_in_stories,
    lastSeenInStoryAt: entry.seen_in_story_at,
  };
}
