import { ApplicationFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { Config, LlmOperation } from '../../config/env';
import type { CallEnding } from '../../db/schema';
import type { TokenUsage } from '../../workflows/types';
import { LlmFailure, toLlmFailure } from './errors';
import type { SharedLlmLimiter } from './rate-limit';
import { countPromptTokens, countTokens } from './tokens';
import type { UsageLedger } from './usage-ledger';

export type ChatMessage = ChatCompletionMessageParam;

export interface ChatRequest {
  operation: LlmOperation;
  messages: ChatMessage[];
  /** The activity's cancellation signal: cancelling the activity aborts the HTTP call. */
  signal?: AbortSignal;
  /** Called for every streamed chunk; stage activities heartbeat here. */
  onChunk?: () => void;
  /** Accounts for the call: opened before the request, closed with what any reply cost, however it ended. */
  ledger?: UsageLedger;
  /**
   * Hears a wait for the shared rate limit: the time it should end, then undefined once the call goes ahead.
   * Called again at least every second while waiting, so a stage can heartbeat.
   */
  onCapacityWait?: (untilMs: number | undefined) => void;
}

/** What the settings say about the provider; the rate limit is the limiter's business. */
export type LlmSettings = Omit<Config['llm'], 'rateLimit'>;

/** Room kept for the reply when taking capacity; the real size is settled after the call. */
const REPLY_ALLOWANCE_TOKENS = 1_000;

export interface ChatResult {
  text: string;
  /** The model that answered, as the provider named it. */
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

  constructor(
    private readonly settings: LlmSettings,
    private readonly limiter?: SharedLlmLimiter,
  ) {
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
    // Counted with the model's own tokenizer, so the shared limit and the cost estimate hold in every language.
    const promptEstimate = await countPromptTokens(request.messages, model);
    const limitKey = `${this.settings.baseUrl ?? 'openai'} ${model}`;
    const grant = await this.limiter?.acquire(limitKey, promptEstimate + REPLY_ALLOWANCE_TOKENS, {
      signal: request.signal,
      onWait: request.onCapacityWait,
    });
    request.onCapacityWait?.(undefined);
    const entry = await request.ledger?.open({ operation: request.operation, model, promptEstimate });
    const idle = new AbortController();
    let idleTimer: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(), this.settings.idleTimeoutMs);
    };
    const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
    let text = '';
    let finishReason: string | null | undefined;
    let answeredBy: string | undefined;
    let counted: TokenUsage | undefined;
    let ended: CallEnding = 'complete';
    let refusal: string | undefined;
    let failure: unknown;
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
        answeredBy ??= chunk.model || undefined;
        const choice = chunk.choices[0];
        // A refusal is read to the end of the stream, so that its usage is counted too.
        if (choice?.delta?.refusal || choice?.finish_reason === 'content_filter') {
          refusal ??= choice.delta?.refusal ?? 'content filter';
          ended = 'refused';
        }
        text += choice?.delta?.content ?? '';
        finishReason = choice?.finish_reason ?? finishReason;
        if (chunk.usage)
          counted = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
      }
      // The SDK ends the stream quietly on abort, so a cancelled or stalled call must be caught here, or its
      // partial text would be stored as if it were complete.
      signal.throwIfAborted();
      if (refusal !== undefined) {
        throw ApplicationFailure.nonRetryable(
          `The model refused to write this article: ${refusal}`,
          LlmFailure.refused,
        );
      }
      if (finishReason === 'length') {
        ended = 'truncated';
        throw ApplicationFailure.nonRetryable(
          `The model "${model}" stopped at its output limit before finishing; choose a shorter length or another model.`,
          LlmFailure.truncated,
        );
      }
      if (!finishReason) {
        ended = 'cut';
        throw ApplicationFailure.retryable(
          'The LLM stream ended before the reply was finished.',
          LlmFailure.unavailable,
        );
      }
    } catch (error) {
      failure = this.failureOf(error, request.signal, idle.signal, model);
      if (ended === 'complete')
        ended = request.signal?.aborted ? 'cancelled' : idle.signal.aborted ? 'stalled' : 'failed';
    } finally {
      clearTimeout(idleTimer);
    }
    // A reply that began was billed, whatever happened next; one that never began was not.
    const replied = answeredBy !== undefined || text.length > 0 || counted !== undefined;
    const usage = counted ?? { prompt: promptEstimate, completion: await countTokens(text, model) };
    const answered = answeredBy ?? model;
    // If this write fails, the row stays `pending` with its estimate; the call's own outcome must stand, or a
    // reply already paid for would be asked for again.
    const settle = replied
      ? entry?.close({ model: answered, usage, estimated: !counted, ended })
      : entry?.discard();
    await settle?.catch(() => {});
    await grant?.settle(replied ? usage.prompt + usage.completion : 0).catch(() => {});
    const delay =
      failure instanceof ApplicationFailure && failure.type === LlmFailure.rateLimited
        ? failure.nextRetryDelay
        : undefined;
    // The provider's Retry-After holds back every worker, not only this call.
    if (delay) await this.limiter?.pause(limitKey, Date.now() + msToNumber(delay)).catch(() => {});
    if (failure !== undefined) throw failure;
    return { text, model: answered, usage };
  }

  /** The error to throw for a call that did not complete: the caller's cancellation, a stall, or the provider's. */
  private failureOf(
    error: unknown,
    caller: AbortSignal | undefined,
    idle: AbortSignal,
    model: string,
  ): unknown {
    if (error instanceof ApplicationFailure) return error;
    if (caller?.aborted) return caller.reason;
    if (idle.aborted) {
      return ApplicationFailure.retryable(
        `The LLM sent nothing for ${this.settings.idleTimeoutMs} ms; the call was abandoned.`,
        LlmFailure.stalled,
      );
    }
    return toLlmFailure(error, model);
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
