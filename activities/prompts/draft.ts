import { type GenerateArticleInput, LANGUAGES } from '../../workflows/input';
import type { ChatMessage } from '../llm/llm-client';
import { LEVEL_GUIDE } from './levels';

export const DRAFT_PROMPT_VERSION = 'draft-v1';

export interface DraftSource {
  title: string;
  outlet?: string;
  date?: string;
  text: string;
}

export function buildDraftMessages(
  input: GenerateArticleInput,
  source: DraftSource,
  vocabulary: string[],
  due: string[] = [],
): ChatMessage[] {
  const language = LANGUAGES[input.language];
  const rules = [
    `You rewrite a news article as reading practice in ${language} for a learner at ${LEVEL_GUIDE[input.level]}`,
    `Write about ${input.length} words (within 10%). If the source has less to say, write less: never pad.`,
    'Use only facts that are in the source. Add no facts, numbers, names, quotes or opinions of your own.',
    'Keep direct quotes as quotes, attributed to the same person; translate them faithfully if needed.',
    `Write everything in ${language}, with words and grammar at the level above.`,
    'Start with one line "# <headline>", then the article in short paragraphs of Markdown. No source line, no notes, no word list.',
  ];
  // Without due words the prompt is byte for byte what it was, so DRAFT_PROMPT_VERSION stays.
  if (due.length > 0) {
    rules.push(
      `The learner is due to review these words: ${due.join(', ')}. Use each of them once where it fits the facts; never force one.`,
    );
  }
  const others = vocabulary.filter((word) => !due.includes(word));
  if (others.length > 0) {
    rules.push(
      `Where it fits naturally, use some of these words the learner is studying: ${others.join(', ')}. Never force them.`,
    );
  }
  return [
    { role: 'system', content: rules.join('\n') },
    {
      role: 'user',
      content: `Source article: "${source.title}" (${source.outlet ?? 'unknown outlet'}, ${source.date ?? 'undated'})\n\n${source.text}`,
    },
  ];
}

/** Splits the model's Markdown into its headline and body; a reply without a headline keeps the source title. */
export function parseDraftReply(text: string, fallbackTitle: string): { title: string; body: string } {
  const cleaned = text
    .trim()
    .replace(/^```(?:markdown|md)?\s*\n/i, '')
    .replace(/\n```\s*$/, '')
    .trim();
  const heading = cleaned.match(/^#\s+(.+)\n?/);
  if (!heading) return { title: fallbackTitle, body: cleaned };
  return { title: (heading[1] as string).trim(), body: cleaned.slice(heading[0].length).trim() };
}
