import { z } from 'zod';
import { type GenerateArticleInput, LANGUAGES } from '../../workflows/input';
import type { ChatMessage } from '../llm/llm-client';
import { LEVEL_GUIDE } from './levels';

export const RESEARCH_PROMPT_VERSION = 'research-v1';

export interface RankCandidate {
  title: string;
  outlet?: string;
  date?: string;
  wordCount: number;
  excerpt: string;
}

/** The model only picks an index: titles, URLs and authors always come from the fetched pages, never from it. */
export const rankReplySchema = z.object({
  choice: z.number().int().min(0),
  rationale: z.string().min(1),
});
export type RankReply = z.infer<typeof rankReplySchema>;

export function buildRankMessages(input: GenerateArticleInput, candidates: RankCandidate[]): ChatMessage[] {
  const list = candidates
    .map(
      (candidate, index) =>
        `[${index}] "${candidate.title}" (${candidate.outlet ?? 'unknown outlet'}, ${candidate.date ?? 'undated'}, ${candidate.wordCount} words)\n${candidate.excerpt}`,
    )
    .join('\n\n');
  return [
    {
      role: 'system',
      content: [
        'You choose the best news article to turn into reading practice for a language learner.',
        'Judge in this order: first how well it covers the topic, then how well it can be retold at the learner level, then whether its length suits the target.',
        'Reply with JSON only: {"choice": <index>, "rationale": "<one or two sentences>"}.',
      ].join('\n'),
    },
    {
      role: 'user',
      content: [
        `Topic: ${input.topic}`,
        `Learner: reads ${LANGUAGES[input.language]} at ${LEVEL_GUIDE[input.level]}`,
        `Target length: about ${input.length} words`,
        '',
        'Candidates:',
        list,
      ].join('\n'),
    },
  ];
}
