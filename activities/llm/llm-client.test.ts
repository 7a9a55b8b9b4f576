import { ApplicationFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { encodeChat } from 'gpt-tokenizer/model/gpt-4o-mini';
import { z } from 'zod';
import {
  FAKE_DRAFT_BODY,
  FAKE_DRAFT_TITLE,
  type FakeOpenAI,
  startFakeOpenAI,
} from '../../test/fixtures/fake-openai';
import { adaptReplySchema } from '../prompts/adapt';
import { type ChatMessage, type ChatResult, LlmClient, parseJsonReply } from './llm-client';
import type { CallOutcome, UsageLedger } from './usage-ledger';

/** The entries a call opened, and how each was settled: closed with its outcome, discarded, or left open. */
function recordingLedger() {
  const entries: Array<{
    operation: string;
    model: string;
    promptEstimate: number;
    closed?: CallOutcome;
    discarded?: boolean;
  }> = [];
  const ledger: UsageLedger = {
    async open(call) {
      const entry: (typeof entries)[number] = { ...call };
      entries.push(entry);
      return {
        close: async (outcome) => {
          entry.closed = outcome;
        },
        discard: async () => {
          entry.discarded = true;
        },
      };
    },
  };
  return { ledger, entries };
}

const schema = z.object({ choice: z.number().int(), rationale: z.string() });

describe('parseJsonReply', () => {
  test('parses plain JSON', () => {
    expect(parseJsonReply('{"choice": 2, "rationale": "fits"}', schema)).toEqual({
      ok: true,
      data: { choice: 2, rationale: 'fits' },
    });
  });

  test('parses JSON inside a ```json fence', () => {
    expect(parseJsonReply('```json\n{"choice": 0, "rationale": "fits"}\n```\n', schema)).toEqual({
      ok: true,
      data: { choice: 0, rationale: 'fits' },
    });
  });

  test('reports malformed JSON as not valid JSON', () => {
    const result = parseJsonReply('Sure! {"choice": 0, rationale}', schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('not valid JSON');
  });

  test('reports JSON that does not match the schema', () => {
    const result = parseJsonReply('{"choice": "first", "rationale": "fits"}', schema);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).not.toContain('not valid JSON');
      expect(result.error).toContain('choice');
    }
  });
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

/** Waits for the fake server to notice a client hang-up, which arrives after the client has moved on. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('LlmClient against the fake OpenAI server', () => {
  let fake: FakeOpenAI;
  let client: LlmClient;
  const models = {
    research: 'gpt-4o-mini',
    draft: 'gpt-4o-mini',
    adapt: 'gpt-4o-mini',
    questions: 'gpt-4o-mini',
    dictionary: 'gpt-4o-mini',
  };
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You rewrite news as reading practice.' },
    { role: 'user', content: 'Source article: Millbrook builds solar farms.' },
  ];

  function makeClient(apiKey: string): LlmClient {
    return new LlmClient({ apiKey, baseUrl: fake.baseUrl, models, prices: {}, idleTimeoutMs: 1000 });
  }

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = makeClient(fake.apiKey);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  test('chat streams the draft and returns its text, model and usage', async () => {
    const onChunk = jest.fn();
    const result = await client.chat({ operation: 'draft', messages, onChunk });
    expect(result.text).toBe(`# ${FAKE_DRAFT_TITLE}\n\n${FAKE_DRAFT_BODY}`);
    expect(result.model).toBe('gpt-4o-mini');
    expect(result.usage.prompt).toBeGreaterThan(0);
    expect(result.usage.completion).toBeGreaterThan(0);
    expect(fake.counts).toEqual({ draft: 1 });
    expect(onChunk).toHaveBeenCalled();
    expect(fake.requests[0]?.body.stream).toBe(true);
    expect(fake.requests[0]?.body.stream_options?.include_usage).toBe(true);
  });

  test('chatJson asks again after invalid JSON, returns the valid data and the usage of both calls', async () => {
    fake.injectFault('adapt', { kind: 'invalid-json' });
    const chat = jest.spyOn(client, 'chat');
    try {
      const result = await client.chatJson({ operation: 'adapt', messages }, 'adapt', adaptReplySchema);
      expect(fake.counts.adapt).toBe(2);
      expect(adaptReplySchema.safeParse(result.data).success).toBe(true);
      expect(result.data.edits).toHaveLength(1);

      expect(chat).toHaveBeenCalledTimes(2);
      const [first, second] = (await Promise.all(chat.mock.results.map((r) => r.value))) as ChatResult[];
      if (!first || !second) throw new Error('expected two chat results');
      expect(result.usage).toEqual({
        prompt: first.usage.prompt + second.usage.prompt,
        completion: first.usage.completion + second.usage.completion,
      });
      expect(result.usage.prompt).toBeGreaterThan(first.usage.prompt);
      expect(result.usage.completion).toBeGreaterThan(first.usage.completion);
      expect(result.usage.prompt).toBeGreaterThan(second.usage.prompt);

      const correction = fake.requests[1]?.body.messages ?? [];
      expect(correction).toHaveLength(messages.length + 2);
      expect(correction.at(-2)?.role).toBe('assistant');
      expect(correction.at(-1)?.content).toContain('not valid JSON');
      expect(fake.requests[0]?.body.response_format?.json_schema?.name).toBe('adapt');
    } finally {
      chat.mockRestore();
    }
  });

  test('chatJson fails retryably with LlmInvalidOutput after two invalid replies', async () => {
    fake.injectFault('adapt', { kind: 'invalid-json' }, 2);
    const failure = await failureOf(
      client.chatJson({ operation: 'adapt', messages }, 'adapt', adaptReplySchema),
    );
    expect(failure.type).toBe('LlmInvalidOutput');
    expect(failure.nonRetryable).toBe(false);
    expect(fake.counts.adapt).toBe(2);
  });

  test('HTTP 429 with retry-after becomes LlmRateLimited with the provider delay', async () => {
    fake.injectFault('draft', { kind: 'status', status: 429, retryAfterSeconds: 3 });
    const failure = await failureOf(client.chat({ operation: 'draft', messages }));
    expect(failure.type).toBe('LlmRateLimited');
    expect(failure.nonRetryable).toBe(false);
    // Temporal's Duration: a number is milliseconds, so the SDK keeps 3000 as given.
    expect(failure.nextRetryDelay).toBe(3000);
    expect(msToNumber(failure.nextRetryDelay ?? 0)).toBe(3000);
    expect(fake.counts.draft).toBe(1);
  });

  test('HTTP 500 becomes a retryable LlmUnavailable', async () => {
    fake.injectFault('draft', { kind: 'status', status: 500 });
    const failure = await failureOf(client.chat({ operation: 'draft', messages }));
    expect(failure.type).toBe('LlmUnavailable');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('HTTP 500');
    expect(fake.counts.draft).toBe(1);
  });

  test('a wrong API key becomes a non-retryable LlmAuthError that names OPENAI_API_KEY', async () => {
    const failure = await failureOf(makeClient('wrong-key').chat({ operation: 'draft', messages }));
    expect(failure.type).toBe('LlmAuthError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('OPENAI_API_KEY');
  });

  test('a provider that sends nothing is abandoned as LlmStalled after the idle timeout', async () => {
    fake.injectFault('draft', { kind: 'hang' });
    const failure = await failureOf(client.chat({ operation: 'draft', messages }));
    expect(failure.type).toBe('LlmStalled');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('1000 ms');
    await eventually(() => fake.aborted.draft === 1);
    expect(fake.aborted.draft).toBe(1);
  });

  test('a stream that stops sending mid-reply is abandoned as LlmStalled, not returned as partial text', async () => {
    fake.setChunkDelay('draft', 1500);
    const onChunk = jest.fn();
    const failure = await failureOf(client.chat({ operation: 'draft', messages, onChunk }));
    expect(failure.type).toBe('LlmStalled');
    expect(failure.nonRetryable).toBe(false);
    expect(onChunk).toHaveBeenCalledTimes(1);
    await eventually(() => fake.aborted.draft === 1);
    expect(fake.aborted.draft).toBe(1);
  });

  describe('every reply is accounted for, however the call ends', () => {
    const chatWith = (ledger: UsageLedger, signal?: AbortSignal) =>
      client.chat({ operation: 'draft', messages, ledger, signal }).catch((error: unknown) => error);

    test('a complete reply: the count from the provider, and the model that answered', async () => {
      const { ledger, entries } = recordingLedger();
      fake.answerAs = 'gpt-4o-mini-2024-07-18';
      const result = (await chatWith(ledger)) as ChatResult;
      expect(result.model).toBe('gpt-4o-mini-2024-07-18');
      expect(entries).toEqual([
        {
          operation: 'draft',
          model: 'gpt-4o-mini',
          promptEstimate: expect.any(Number),
          closed: {
            model: 'gpt-4o-mini-2024-07-18',
            usage: result.usage,
            estimated: false,
            ended: 'complete',
          },
        },
      ]);
    });

    test('a reply cut at the output limit is counted, then fails as truncated', async () => {
      const { ledger, entries } = recordingLedger();
      fake.injectFault('draft', { kind: 'finish', reason: 'length' });
      const failure = (await chatWith(ledger)) as ApplicationFailure;
      expect(failure).toMatchObject({ type: 'LlmOutputTruncated', nonRetryable: true });
      expect(entries[0]?.closed).toMatchObject({ ended: 'truncated', estimated: false });
      expect(entries[0]?.closed?.usage.completion).toBeGreaterThan(0);
    });

    test('a refused reply is counted, from the usage sent after the refusal', async () => {
      const { ledger, entries } = recordingLedger();
      fake.injectFault('draft', { kind: 'finish', reason: 'content_filter' });
      const failure = (await chatWith(ledger)) as ApplicationFailure;
      expect(failure).toMatchObject({ type: 'ContentRefused', nonRetryable: true });
      expect(entries[0]?.closed).toMatchObject({ ended: 'refused', estimated: false });
    });

    test('a reply that stalls is counted as an estimate from the text received', async () => {
      const { ledger, entries } = recordingLedger();
      fake.injectFault('draft', { kind: 'stall' });
      const failure = (await chatWith(ledger)) as ApplicationFailure;
      expect(failure.type).toBe('LlmStalled');
      const closed = entries[0]?.closed;
      expect(closed).toMatchObject({ ended: 'stalled', estimated: true, model: 'gpt-4o-mini' });
      expect(closed?.usage.prompt).toBe(entries[0]?.promptEstimate);
      expect(closed?.usage.completion).toBeGreaterThan(0);
      // The estimate is gpt-4o-mini's own count of the prompt, formatting included, as the provider bills it.
      expect(closed?.usage.prompt).toBe(encodeChat(messages as Parameters<typeof encodeChat>[0]).length);
    });

    test('a reply cancelled midway is counted; a refused request, which got no reply, is not', async () => {
      const cancelled = recordingLedger();
      fake.setChunkDelay('draft', 200);
      const controller = new AbortController();
      const pending = chatWith(cancelled.ledger, controller.signal);
      await fake.waitForRequests('draft');
      await new Promise((resolve) => setTimeout(resolve, 300));
      controller.abort(new Error('cancelled by the test'));
      await pending;
      expect(cancelled.entries[0]?.closed).toMatchObject({ ended: 'cancelled', estimated: true });

      const refused = recordingLedger();
      fake.injectFault('draft', { kind: 'status', status: 503 });
      expect(await chatWith(refused.ledger)).toMatchObject({ type: 'LlmUnavailable' });
      expect(refused.entries).toEqual([expect.objectContaining({ discarded: true })]);
      expect(refused.entries[0]?.closed).toBeUndefined();
    });
  });

  test('aborting the signal mid-stream rejects with the abort reason and hangs up', async () => {
    fake.setChunkDelay('draft', 200);
    const controller = new AbortController();
    const reason = new Error('activity cancelled by the test');
    const onChunk = jest.fn(() => {
      if (!controller.signal.aborted) controller.abort(reason);
    });
    await expect(
      client.chat({ operation: 'draft', messages, signal: controller.signal, onChunk }),
    ).rejects.toBe(reason);
    expect(onChunk).toHaveBeenCalledTimes(1);
    await eventually(() => fake.aborted.draft === 1);
    expect(fake.aborted.draft).toBe(1);
    expect(fake.counts.draft).toBe(1);
  });
});
