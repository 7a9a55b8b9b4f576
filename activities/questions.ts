import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { textSentences } from './narration/script';
import {
  buildQuestionsMessages,
  QUESTIONS_PROMPT_VERSION,
  questionCount,
  questionsReplySchema,
  supportingSentence,
} from './prompts/questions';
import { readArticle, runStage } from './stage-runner';
import { countWords } from './text';

/**
 * Comprehension questions on the final text, each answered by one whole sentence of it, as the narration splits
 * the text (checked, with a corrective retry when the model cites a fragment or words that are not there).
 * Stored as questions.json beside the article, each supporting sentence as the article writes it, so the reader
 * can find and highlight it.
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
    const sentences = textSentences(article.body, input.language);
    const reply = await deps.llm.chatJson(
      {
        operation: 'questions',
        messages: buildQuestionsMessages(input, article, count),
        ...context.llmCall,
      },
      'comprehension_questions',
      questionsReplySchema(sentences, count),
    );
    const questions = reply.data.questions.map((question) => ({
      ...question,
      evidence: supportingSentence(sentences, question.evidence) ?? question.evidence,
    }));
    const key = `${context.dir}/questions.json`;
    await deps.blobs.put(key, JSON.stringify(questions, null, 2), 'application/json');
    return { keys: { questions: key }, tokens: reply.usage, model: reply.model };
  });
}
