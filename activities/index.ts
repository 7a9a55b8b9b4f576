import type { GenerateArticleInput } from '../workflows/input';
import type { GenerationProgress } from '../workflows/types';
import { adapt } from './adapt';
import { acceptDailyStory } from './daily-story';
import type { ActivityDeps } from './deps';
import { draft } from './draft';
import { checkLevel, reviseForLevel } from './level-check';
import { narrate } from './narrate';
import { recordOutcome } from './outcome';
import { writeQuestions } from './questions';
import { research } from './research';
import { type UploadSources, upload } from './upload';

/** The activities the worker registers, bound to one set of dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    research: (input: GenerateArticleInput) => research(deps, input),
    draft: (input: GenerateArticleInput, researchKey: string) => draft(deps, input, researchKey),
    adapt: (input: GenerateArticleInput, draftKey: string) => adapt(deps, input, draftKey),
    checkLevel: (input: GenerateArticleInput, sources: { adapted: string; pass: number }) =>
      checkLevel(deps, input, sources),
    reviseForLevel: (
      input: GenerateArticleInput,
      sources: { adapted: string; edits: string; level: string },
    ) => reviseForLevel(deps, input, sources),
    writeQuestions: (input: GenerateArticleInput, sources: { adapted: string }) =>
      writeQuestions(deps, input, sources),
    narrate: (input: GenerateArticleInput, sources: { adapted: string }) => narrate(deps, input, sources),
    upload: (input: GenerateArticleInput, sources: UploadSources) => upload(deps, input, sources),
    acceptDailyStory: (input: { subscriptionId: string; scheduledAt: string }) =>
      acceptDailyStory(deps, input),
    recordOutcome: (progress: GenerationProgress) => recordOutcome(deps, progress),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
