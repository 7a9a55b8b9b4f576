import type { GenerationProgress, StageError } from '../workflows/types';

/**
 * What a learner is told about a failure. A failure's own message may carry what no learner should read: a
 * provider's answer to a refused key, a model's text, an internal address from a network error, a stack. The
 * API shows a failure's message as written only for the types whose messages opad writes from the learner's
 * own request (or an operator's stated reason); every other known type gets a fixed sentence, and an unknown type (a bug, a type added later)
 * a generic one. The type itself stays, so an operator can match what a learner reports with the log and the
 * workflow's history in Temporal, where the full message is kept.
 */
const OWN_WORDS = new Set([
  'InvalidInput',
  'NoArticleFound',
  'LlmOutputTruncated',
  'TimedOut',
  // "Terminated by an operator", with the reason the operator gave.
  'Terminated',
]);

const SETUP = 'opad cannot reach one of its services because of a setting the operator must fix';
const AGAIN = 'opad tries again on its own';

const SAFE_MESSAGE: Record<string, string> = {
  LlmAuthError: `${SETUP} (the model provider refused its key)`,
  LlmModelNotFound: `${SETUP} (the model is not available)`,
  LlmBadRequest: 'The model provider refused the request; try again, or another topic',
  ContentRefused: 'The model declined to write this article; try another topic',
  LlmRateLimited: `The model provider is busy; ${AGAIN}`,
  LlmUnavailable: `The model provider is not answering; ${AGAIN}`,
  LlmStalled: `The model provider stopped answering; ${AGAIN}`,
  LlmInvalidOutput: "The model's answer could not be read",
  SearchAuthError: `${SETUP} (the news search refused its key)`,
  SearchUnavailable: `The news search is not answering; ${AGAIN}`,
  NewsPagesUnreachable: `None of the news pages found could be read; ${AGAIN}`,
  StorageUnavailable: `The article storage is not answering; ${AGAIN}`,
  DatabaseUnavailable: `The database is not answering; ${AGAIN}`,
  NarrationUnavailable: 'Narration is not installed on this server',
  NarrationFailed: 'The narration could not be recorded',
};

export const GENERIC_FAILURE =
  'Something went wrong inside opad; the operator can see the details in the logs and in Temporal';

/** The sentence a learner reads for a failure of this type with this message. */
export function learnerMessage(type: string | undefined, message: string): string {
  if (type && OWN_WORDS.has(type)) return message;
  return (type && SAFE_MESSAGE[type]) || GENERIC_FAILURE;
}

export function learnerError<E extends StageError>(error: E): E;
export function learnerError<E extends StageError>(error: E | undefined): E | undefined;
export function learnerError<E extends StageError>(error: E | undefined): E | undefined {
  if (!error) return error;
  return { ...error, message: learnerMessage(error.type, error.message) };
}

/**
 * A job's progress as a learner may see it: every error's message replaced as above, in the errors and in the
 * job's message, which quotes the error that ended or skipped a stage.
 */
export function learnerProgress(progress: GenerationProgress): GenerationProgress {
  let message = progress.message;
  const errors = [progress.error, ...progress.stages.map((stage) => stage.lastError)];
  for (const error of errors) {
    if (error?.message && message.includes(error.message))
      message = message.replace(error.message, learnerMessage(error.type, error.message));
  }
  return {
    ...progress,
    message,
    error: learnerError(progress.error),
    stages: progress.stages.map((stage) =>
      stage.lastError ? { ...stage, lastError: learnerError(stage.lastError) } : stage,
    ),
  };
}
