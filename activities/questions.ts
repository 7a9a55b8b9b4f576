import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { plainText } from './level/measure';
import {
  buildQuestionsMessages,
  QUESTIONS_PROMPT_VERSION,
  questionCount,
  questionsReplySchema,
} from './prompts/questions';
import { readArticle, runStage } from './stage-runner';
import { countWords } from './text';

/**
 * Comprehension questions on the final text, each answered by a sentence of it (checked, with a corrective retry
 * when the model cites one that is not there). Stored as questions.json beside the article.
 */
export async function writeQuestions(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  sources: { adapted: string },
): Promise<StageResult> {
  const fingerprint = { prompt: QUESTIONS_PROMPT_VERSION, adapted: sources.adapted, level: input.level };
  return runStage(deps, 'questions', input, fingerprint, async (context) => {
    const article = await readArticle(deps, sources.adapted);
    const count = questionCount(countWords(article.body, input.language));
    const reply = await deps.llm.chatJson(
      {
        operation: 'questions',
        messages: buildQuestionsMessages(input, article, count),
        ...context.llmCall,
      },
      'comprehension_questions',
      questionsReplySchema(plainText(article.body), count),
    );
    const key = `${context.dir}/questions.json`;
    await deps.blobs.put(key, JSON.stringify(reply.data.questions, null, 2), 'application/json');
    return { keys: { questions: key }, tokens: reply.usage, model: reply.model };
  });
}
