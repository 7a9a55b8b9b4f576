import { selectDraftWords } from '../db/queries/vocabulary';
import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { articleMarkdown } from './markdown';
import { buildDraftMessages, DRAFT_PROMPT_VERSION, parseDraftReply } from './prompts/draft';
import type { ResearchDocument } from './research';
import { readJson, runStage } from './stage-runner';
import { countWords, dueKeyOf } from './text';

/** Rewrites the chosen article for the learner's level and length, working in their due and saved words. */
export async function draft(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  researchKey: string,
): Promise<StageResult> {
  const fingerprint = {
    prompt: DRAFT_PROMPT_VERSION,
    research: researchKey,
    language: input.language,
    level: input.level,
    length: input.length,
  };
  return runStage(deps, 'draft', input, fingerprint, async (context) => {
    const research = await readJson<ResearchDocument>(deps, researchKey);
    // Which words are offered is not part of the fingerprint: a stored draft is reused whatever became due
    // since, so a retry never pays for the draft again.
    const { due, vocabulary } = await selectDraftWords(deps.db, input.owner, input.language, input.level);
    const reply = await deps.llm.chat({
      operation: 'draft',
      messages: buildDraftMessages(input, research.chosen, vocabulary, due),
      ...context.llmCall,
    });
    const { title, body } = parseDraftReply(reply.text, research.chosen.title);
    const key = `${context.dir}/draft.md`;
    const vocabularyKey = `${context.dir}/vocabulary.json`;
    // Beside vocabulary.json, where upload finds it: the workflow passes on only the vocabulary key.
    await deps.blobs.put(dueKeyOf(vocabularyKey), JSON.stringify(due), 'application/json');
    await deps.blobs.put(vocabularyKey, JSON.stringify(vocabulary), 'application/json');
    await deps.blobs.put(key, articleMarkdown(title, research.chosen, body), 'text/markdown; charset=utf-8');
    return {
      keys: { draft: key, vocabulary: vocabularyKey },
      tokens: reply.usage,
      model: reply.model,
      title,
      wordCount: countWords(body, input.language),
    };
  });
}
