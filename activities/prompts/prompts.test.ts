import { type GenerateArticleInput, LANGUAGES, type Language } from '../../workflows/input';
import type { ChatMessage } from '../llm/llm-client';
import { adaptReplySchema, buildAdaptMessages } from './adapt';
import { buildDraftMessages, type DraftSource, parseDraftReply } from './draft';
import { LEVEL_GUIDE } from './levels';
import { buildRankMessages, type RankCandidate, rankReplySchema } from './research';

function input(overrides: Partial<GenerateArticleInput> = {}): GenerateArticleInput {
  return {
    articleId: 'article-1',
    owner: 'owner-1',
    language: 'en',
    level: 'B1',
    length: 400,
    topic: 'community solar farms',
    ...overrides,
  };
}

/** All message text, so a rule can be found whether it sits in the system or the user message. */
function allText(messages: ChatMessage[]): string {
  return messages.map((message) => String(message.content)).join('\n');
}

function contentOf(messages: ChatMessage[], role: 'system' | 'user'): string {
  const message = messages.find((m) => m.role === role);
  expect(message).toBeDefined();
  return String(message?.content);
}

const source: DraftSource = {
  title: 'Millbrook Builds Three Community Solar Farms',
  outlet: 'The Daily Local',
  date: '2026-11-20',
  text: 'The town of Millbrook has finished building the first of three community solar farms.\n\n"We wanted clean energy for every family," said the mayor.',
};

describe('buildDraftMessages', () => {
  test.each(Object.entries(LANGUAGES) as Array<[Language, string]>)(
    'for %s names %s and carries every rule',
    (code, name) => {
      const messages = buildDraftMessages(input({ language: code, level: 'A2', length: 350 }), source, []);
      const system = contentOf(messages, 'system');
      expect(system).toContain(name);
      expect(system).toContain(`Write everything in ${name}`);
      expect(system).toContain(LEVEL_GUIDE.A2);
      expect(system).toContain('350 words');
      expect(system).toMatch(/never pad/i);
      expect(system).toMatch(/only facts that are in the source/i);
      expect(system).toMatch(/add no facts/i);
      expect(system).toMatch(/keep direct quotes as quotes/i);
    },
  );

  test.each(['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const)('quotes the level guide for %s', (level) => {
    const system = contentOf(buildDraftMessages(input({ level }), source, []), 'system');
    expect(system).toContain(LEVEL_GUIDE[level]);
    for (const other of Object.values(LEVEL_GUIDE)) {
      if (other !== LEVEL_GUIDE[level]) expect(system).not.toContain(other);
    }
  });

  test('includes the source title, outlet, date and full text in the user message', () => {
    const user = contentOf(buildDraftMessages(input(), source, []), 'user');
    expect(user).toContain(source.title);
    expect(user).toContain('The Daily Local');
    expect(user).toContain('2026-11-20');
    expect(user).toContain(source.text);
  });

  test('mentions the vocabulary words when the list is non-empty', () => {
    const text = allText(buildDraftMessages(input(), source, ['Sonnenkollektor', 'Strom', 'Gemeinde']));
    expect(text).toContain('Sonnenkollektor, Strom, Gemeinde');
    expect(text).toMatch(/learner is studying/);
  });

  test('says nothing about vocabulary when the list is empty', () => {
    const text = allText(buildDraftMessages(input(), source, []));
    expect(text).not.toMatch(/learner is studying/);
    expect(text).not.toMatch(/vocabulary/i);
  });
});

describe('parseDraftReply', () => {
  test('splits the heading from the body', () => {
    expect(
      parseDraftReply('# Solar for Millbrook\n\nFirst paragraph.\n\nSecond paragraph.', 'Fallback'),
    ).toEqual({
      title: 'Solar for Millbrook',
      body: 'First paragraph.\n\nSecond paragraph.',
    });
  });

  test('removes a ```markdown fence around the reply', () => {
    const reply = '```markdown\n# Solar for Millbrook\n\nFirst paragraph.\n\nSecond paragraph.\n```\n';
    expect(parseDraftReply(reply, 'Fallback')).toEqual({
      title: 'Solar for Millbrook',
      body: 'First paragraph.\n\nSecond paragraph.',
    });
  });

  test('keeps the fallback title and the whole text as body when there is no heading', () => {
    const reply = '  First paragraph.\n\nSecond paragraph.  ';
    expect(parseDraftReply(reply, 'Source title')).toEqual({
      title: 'Source title',
      body: 'First paragraph.\n\nSecond paragraph.',
    });
  });
});

describe('buildRankMessages and rankReplySchema', () => {
  const candidates: RankCandidate[] = [
    {
      title: 'Solar farms open',
      outlet: 'The Daily Local',
      date: '2 hours ago',
      wordCount: 456,
      excerpt: 'Millbrook opens its first community solar farm.',
    },
    {
      title: 'Wind power grows',
      outlet: 'Coast News',
      wordCount: 612,
      excerpt: 'Offshore wind sends power.',
    },
    { title: 'Batteries at night', wordCount: 388, excerpt: 'Grid batteries cover the evening peak.' },
  ];

  test('lists every candidate with its index, word count, outlet and excerpt', () => {
    const user = contentOf(buildRankMessages(input(), candidates), 'user');
    candidates.forEach((candidate, index) => {
      const line = user.split('\n').find((l) => l.startsWith(`[${index}] `));
      expect(line).toBeDefined();
      expect(line).toContain(`"${candidate.title}"`);
      expect(line).toContain(`${candidate.wordCount} words`);
      expect(line).toContain(candidate.outlet ?? 'unknown outlet');
      expect(user).toContain(candidate.excerpt);
    });
    expect(user).toContain('Topic: community solar farms');
    expect(user).toContain(LEVEL_GUIDE.B1);
    expect(user).toContain('about 400 words');
  });

  test('the schema accepts an index with a rationale', () => {
    expect(rankReplySchema.safeParse({ choice: 1, rationale: 'x' })).toEqual({
      success: true,
      data: { choice: 1, rationale: 'x' },
    });
  });

  test('the schema rejects a negative or non-integer choice', () => {
    expect(rankReplySchema.safeParse({ choice: -1, rationale: 'x' }).success).toBe(false);
    expect(rankReplySchema.safeParse({ choice: 1.5, rationale: 'x' }).success).toBe(false);
    expect(rankReplySchema.safeParse({ choice: '1', rationale: 'x' }).success).toBe(false);
  });
});

describe('buildAdaptMessages and adaptReplySchema', () => {
  const draft = {
    title: 'Solar for Millbrook',
    body: 'The town builds solar farms.\n\n"Clean energy," says the mayor.',
  };

  test('sends the draft title and body and tells the editor to keep facts and quotes', () => {
    const messages = buildAdaptMessages(input({ language: 'de', level: 'A2' }), draft);
    const system = contentOf(messages, 'system');
    const user = contentOf(messages, 'user');
    expect(user).toContain(`# ${draft.title}`);
    expect(user).toContain(draft.body);
    expect(system).toMatch(/keep every fact and every direct quote/i);
    expect(system).toContain('German');
    expect(system).toContain(LEVEL_GUIDE.A2);
  });

  test('the schema accepts a valid reply', () => {
    const reply = {
      text: 'The town builds solar farms.',
      edits: [
        {
          original: 'The town constructs solar farms.',
          revised: 'The town builds solar farms.',
          reason: 'Simpler.',
        },
      ],
    };
    expect(adaptReplySchema.safeParse(reply)).toEqual({ success: true, data: reply });
    expect(adaptReplySchema.safeParse({ text: 'Already right.', edits: [] }).success).toBe(true);
  });

  test('the schema rejects a reply without edits', () => {
    expect(adaptReplySchema.safeParse({ text: 'The town builds solar farms.' }).success).toBe(false);
  });
});
