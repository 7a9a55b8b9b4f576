import { z } from 'zod';
import { type CefrLevel, type GenerateArticleInput, LANGUAGES } from '../../workflows/input';
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

export const REVISION_PROMPT_VERSION = 'adapt-revision-v1';

/** What the level check found too hard, as the concrete edit list a revision pass works through. */
export interface LevelFeedback {
  measured: CefrLevel;
  words: string[];
  sentences: string[];
}

/** Another adapt pass, after the level check measured the text above the target: the same reply as adapt. */
export function buildRevisionMessages(
  input: GenerateArticleInput,
  article: { title: string; body: string },
  feedback: LevelFeedback,
): ChatMessage[] {
  const language = LANGUAGES[input.language];
  const rules = [
    `You are the editor of reading practice in ${language} for a learner at ${LEVEL_GUIDE[input.level]}`,
    `A level check measured this text at ${feedback.measured}, above ${input.level}. Simplify it to ${input.level}:`,
  ];
  if (feedback.words.length > 0)
    rules.push(
      `- Replace these words, which a ${input.level} reader does not know yet, with common ones (or explain them in simple words): ${feedback.words.join(', ')}.`,
    );
  if (feedback.sentences.length > 0)
    rules.push(
      `- Split or shorten these sentences:\n${feedback.sentences.map((sentence) => `  "${sentence}"`).join('\n')}`,
    );
  rules.push(
    'Keep every fact and every direct quote exactly as they are; do not add content.',
    'Reply with JSON only: {"text": "<the whole corrected article body in Markdown, without the headline>", "edits": [{"original": "<sentence before>", "revised": "<sentence after>", "reason": "<why, in one short English sentence>"}]}.',
  );
  return [
    { role: 'system', content: rules.join('\n') },
    { role: 'user', content: `# ${article.title}\n\n${article.body}` },
  ];
}
