import { ApplicationFailure } from '@temporalio/common';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { Config, LlmOperation } from '../../config/env';
import type { TokenUsage } from '../../workflows/types';
import { LlmFailure, toLlmFailure } from './errors';

export type ChatMessage = ChatCompletionMessageParam;

export interface ChatRequest {
  operation: LlmOperation;
  messages: ChatMessage[];
  /** The activity's cancellation signal: cancelling the activity aborts the HTTP call. */
  signal?: AbortSignal;
  /** Called for every streamed chunk; stage activities heartbeat here. */
  onChunk?: () => void;
  /** Called after every call that consumed tokens, also those whose output is then rejected. */
  onUsage?: (call: LlmCall) => Promise<void>;
}

export interface LlmCall {
  operation: LlmOperation;
  model: string;
  usage: TokenUsage;
}

export interface ChatResult {
  text: string;
  model: string;
  usage: TokenUsage;
}

/** Parses model output that should be JSON, tolerating a fenced code block around it. */
export function parseJsonReply<T>(
  text: string,
  schema: z.ZodType<T>,
): { ok: true; data: T } | { ok: false; error: string } {
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/```$/, '')
    .trim();
  let value: unknown;
  try {
    value = JSON.parse(unfenced);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  return { ok: true, data: parsed.data };
}

/** The one way opad talks to an LLM: streamed chat completions on the `openai` SDK, retries left to Temporal. */
export class LlmClient {
  private readonly openai: OpenAI;

  constructor(private readonly settings: Config['llm']) {
    this.openai = new OpenAI({
      apiKey: settings.apiKey ?? 'not-set',
      baseURL: settings.baseUrl,
      maxRetries: 0,
      timeout: 10 * 60_000,
    });
  }

  modelFor(operation: LlmOperation): string {
    return this.settings.models[operation];
  }

  async chat(
    request: ChatRequest,
    responseFormat?: { name: string; schema: z.ZodType },
  ): Promise<ChatResult> {
    const model = this.modelFor(request.operation);
    const idle = new AbortController();
    let idleTimer: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(), this.settings.idleTimeoutMs);
    };
    const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
    let text = '';
    let finishReason: string | null | undefined;
    let usage: TokenUsage = { prompt: 0, completion: 0 };
    touch();
    try {
      const stream = await this.openai.chat.completions.create(
        {
          model,
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          response_format: responseFormat && {
            type: 'json_schema',
            json_schema: { name: responseFormat.name, schema: z.toJSONSchema(responseFormat.schema) },
          },
        },
        { signal, headers: { 'X-Opad-Operation': request.operation } },
      );
      for await (const chunk of stream) {
        touch();
        request.onChunk?.();
        const choice = chunk.choices[0];
        if (choice?.delta?.refusal || choice?.finish_reason === 'content_filter') {
          throw ApplicationFailure.nonRetryable(
            `The model refused to write this article: ${choice.delta?.refusal ?? 'content filter'}`,
            LlmFailure.refused,
          );
        }
        text += choice?.delta?.content ?? '';
        finishReason = choice?.finish_reason ?? finishReason;
        if (chunk.usage)
          usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
      }
      // The SDK ends the stream quietly on abort, so a cancelled or stalled call must be caught here, or its
      // partial text would be stored as if it were complete.
      signal.throwIfAborted();
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (idle.signal.aborted) {
        throw ApplicationFailure.retryable(
          `The LLM sent nothing for ${this.settings.idleTimeoutMs} ms; the call was abandoned.`,
          LlmFailure.stalled,
        );
      }
      throw toLlmFailure(error, model);
    } finally {
      clearTimeout(idleTimer);
    }
    if (finishReason === 'length') {
      throw ApplicationFailure.nonRetryable(
        `The model "${model}" stopped at its output limit before finishing; choose a shorter length or another model.`,
        LlmFailure.truncated,
      );
    }
    if (!finishReason) {
      throw ApplicationFailure.retryable(
        'The LLM stream ended before the reply was finished.',
        LlmFailure.unavailable,
      );
    }
    await request.onUsage?.({ operation: request.operation, model, usage });
    return { text, model, usage };
  }

  /**
   * Structured output: asks for the schema, validates the reply, and gives the model one chance to correct it.
   * The usage returned covers both calls, so a correction's cost is not lost.
   */
  async chatJson<T>(
    request: ChatRequest,
    name: string,
    schema: z.ZodType<T>,
  ): Promise<ChatResult & { data: T }> {
    const first = await this.chat(request, { name, schema });
    const parsed = parseJsonReply(first.text, schema);
    if (parsed.ok) return { ...first, data: parsed.data };
    const correction: ChatMessage[] = [
      ...request.messages,
      { role: 'assistant', content: first.text },
      {
        role: 'user',
        content: `Your reply was ${parsed.error}. Reply again with only the JSON object that matches the schema.`,
      },
    ];
    const second = await this.chat({ ...request, messages: correction }, { name, schema });
    const reparsed = parseJsonReply(second.text, schema);
    const usage = {
      prompt: first.usage.prompt + second.usage.prompt,
      completion: first.usage.completion + second.usage.completion,
    };
    if (reparsed.ok) return { ...second, usage, data: reparsed.data };
    throw ApplicationFailure.retryable(
      `The model returned invalid ${name} output twice: ${reparsed.error}`,
      LlmFailure.invalidOutput,
    );
  }
}
