import type { ChatBody, FakeOpenAI } from '../fixtures/fake-openai';
import { FAKE_DRAFT_BODY } from '../fixtures/fake-openai';

/**
 * Chaos suites run many generations at once and must tell which LLM request belongs to which of them. Each one
 * asks for its own length, which the research and draft prompts state; the fake draft repeats it in its headline,
 * which the adapt prompt then carries.
 */
export const taggedLength = (index: number) => 300 + index;

export const taggedTitle = (length: number) => `Solar power for a small town, ${length} words`;

const TAG_PATTERNS: Record<string, RegExp> = {
  research: /Target length: about (\d+) words/,
  draft: /Write about (\d+) words/,
  adapt: /Solar power for a small town, (\d+) words/,
};

export function lengthTagOf(stage: string, body: ChatBody): number | undefined {
  const text = body.messages.map((message) => message.content).join('\n');
  const match = TAG_PATTERNS[stage]?.exec(text);
  return match ? Number(match[1]) : undefined;
}

export const sequenceOf = (stage: string, body: ChatBody) => `${lengthTagOf(stage, body) ?? '?'}/${stage}`;

export function tagDrafts(llm: FakeOpenAI): void {
  llm.setResponder(
    'draft',
    (body) => `# ${taggedTitle(lengthTagOf('draft', body) ?? 0)}\n\n${FAKE_DRAFT_BODY}`,
  );
}

/** LLM requests received so far, per `length/stage`. */
export function requestsBySequence(llm: FakeOpenAI): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { stage, body } of llm.requests) {
    const key = sequenceOf(stage, body);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
