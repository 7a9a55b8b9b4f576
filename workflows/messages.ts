import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { GenerationProgress, StageAttemptReport } from './types';

/** Readable at any time, also after the workflow has closed. */
export const progressQuery = defineQuery<GenerationProgress>('progress');

/** Stage activities report retries and failed attempts as they happen. */
export const stageAttemptSignal = defineSignal<[StageAttemptReport]>('stageAttempt');
