import { z } from 'zod';
import { type GenerateArticleInput, LANGUAGES } from '../../workflows/input';
import type { ChatMessage } from '../llm/llm-client';
import { LEVEL_GUIDE } from './levels';

export const ADAPT_PROMPT_VERSION = 'adapt-v1';

export const adaptReplySchema = z.object({
  text: z.string().min(1),
  edits: z.array(
    z.object({
      original: z.string(),
      revised: z.string(),
      reason: z.string(),
    }),
  ),
});
export type AdaptReply = z.infer<typeof adaptReplySchema>;

export function buildAdaptMessages(
  input: GenerateArticleInput,
  draft: { title: string; body: string },
): ChatMessage[] {
  const language = LANGUAGES[input.language];
  return [
    {
      role: 'system',
      content: [
        `You are the editor of reading practice in ${language} for a learner at ${LEVEL_GUIDE[input.level]}`,
        'Review the draft: fix grammar and spelling, replace words and structures that are too hard for the level, and split sentences that are too long.',
        'Keep every fact and every direct quote exactly as they are; do not add content.',
        'Reply with JSON only: {"text": "<the whole corrected article body in Markdown, without the headline>", "edits": [{"original": "<sentence before>", "revised": "<sentence after>", "reason": "<why, in one short English sentence>"}]}.',
        'List every sentence you changed in "edits"; an empty list means the draft was already right.',
      ].join('\n'),
    },
    { role: 'user', content: `# ${draft.title}\n\n${draft.body}` },
  ];
}
