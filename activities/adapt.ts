import type { GenerateArticleInput } from '../workflows/input';
import type { StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { articleMarkdown } from './markdown';
import { ADAPT_PROMPT_VERSION, adaptReplySchema, buildAdaptMessages } from './prompts/adapt';
import { readArticle, runStage } from './stage-runner';
import { countWords } from './text';

/** Reviews the draft against the level and returns the final text plus every sentence it changed, with why. */
export async function adapt(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  draftKey: string,
): Promise<StageResult> {
  const fingerprint = {
    prompt: ADAPT_PROMPT_VERSION,
    draft: draftKey,
    language: input.language,
    level: input.level,
  };
  return runStage(deps, 'adapt', input, fingerprint, async (context) => {
    const draft = await readArticle(deps, draftKey);
    const reply = await deps.llm.chatJson(
      {
        operation: 'adapt',
        messages: buildAdaptMessages(input, draft),
        ...context.llmCall,
      },
      'adapted_article',
      adaptReplySchema,
    );
    const adaptedKey = `${context.dir}/adapted.md`;
    const editsKey = `${context.dir}/edits.json`;
    await deps.blobs.put(editsKey, JSON.stringify(reply.data.edits, null, 2), 'application/json');
    await deps.blobs.put(
      adaptedKey,
      articleMarkdown(draft.title, draft.sourceBlock, reply.data.text),
      'text/markdown; charset=utf-8',
    );
    return {
      keys: { adapted: adaptedKey, edits: editsKey },
      tokens: reply.usage,
      model: reply.model,
      title: draft.title,
      wordCount: countWords(reply.data.text, input.language),
    };
  });
}
