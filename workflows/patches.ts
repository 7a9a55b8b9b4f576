/**
 * The workflow's patches, oldest first. Each `patched(id)` call takes the new path only in generations that
 * reached that call on code that had it; older generations keep the command sequence they started with.
 */

/** Bounds stage retries by time (DEFAULT_STAGE_RETRY) instead of by 10 attempts, and shows who is waiting. */
export const RETRY_BY_TIME_PATCH = 'stage-retry-by-time-budget';
/** Measures the adapted text's level, and sends text above it back for a few more passes. */
export const LEVEL_CHECK_PATCH = 'level-check';
/** Writes comprehension questions on the final text; a failure there publishes the article without them. */
export const QUESTIONS_PATCH = 'comprehension-questions';
/** Narrates the final text; a failure there publishes the article without audio. */
export const NARRATION_PATCH = 'narration';
/**
 * Records the outcome with a local activity instead of an activity: one marker event in the workflow's last
 * task, instead of an activity task and one more workflow task. Asked where the outcome is recorded, so a
 * generation that started on older code takes the new path when it gets there on new code.
 */
export const LOCAL_OUTCOME_PATCH = 'outcome-as-local-activity';
/**
 * Leaves checking the input to the stage activities (activities/stage-runner.ts) instead of parsing it with zod
 * in the workflow, so the workflow bundle evaluates no zod for new generations. Asked once at the start, where
 * the input was parsed: generations started before it keep parsing it in the workflow, with zod loaded then.
 */
export const INPUT_CHECKED_BY_STAGES_PATCH = 'input-checked-by-stages';
