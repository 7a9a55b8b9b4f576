import OpenAI from 'openai';
import { z } from 'zod';
import type { ChatMessage } from '../../activities/llm/llm-client';
import { parseJsonReply } from '../../activities/llm/llm-client';
import type { LlmOperation } from '../../config/env';
import type { StageName } from '../../workflows/types';

/**
 * Which call of which article this is. `operation` is what opad names it (a level revision is an 'adapt' call
 * in opad, and so here); `call` tells the article's calls apart (the stage, and the pass for a revision), so the
 * bench can tell a repeat of one call from the next call.
 */
export interface BenchCall {
  operation: LlmOperation;
  articleId: string;
  call: string;
}

/**
 * The baselines' LLM call: the same streamed chat completion on the `openai` SDK that opad makes, plus headers
 * naming the article and the call, so the bench can attribute every call (opad's are attributed through
 * llm_usage and the workflow history).
 */
export class BaselineLlm {
  private readonly openai: OpenAI;

  constructor(settings: { apiKey: string; baseUrl: string; model?: string }) {
    this.openai = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseUrl, maxRetries: 0 });
  }

  async chat(
    call: BenchCall,
    messages: ChatMessage[],
    schema?: { name: string; schema: z.ZodType },
  ): Promise<string> {
    const stream = await this.openai.chat.completions.create(
      {
        model: 'gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
        response_format: schema && {
          type: 'json_schema',
          json_schema: { name: schema.name, schema: z.toJSONSchema(schema.schema) },
        },
      },
      {
        headers: {
          'X-Opad-Operation': call.operation,
          'X-Bench-Article': call.articleId,
          'X-Bench-Call': call.call,
        },
      },
    );
    let text = '';
    let finished = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.choices[0]?.finish_reason) finished = true;
    }
    if (!finished) throw new Error(`the ${call.call} reply ended early`);
    return text;
  }

  async chatJson<T>(call: BenchCall, messages: ChatMessage[], name: string, schema: z.ZodType<T>) {
    const parsed = parseJsonReply(await this.chat(call, messages, { name, schema }), schema);
    if (!parsed.ok) throw new Error(`invalid ${call.call} reply: ${parsed.error}`);
    return parsed.data;
  }
}

/** The call's name in X-Bench-Call: the stage that makes it, and the pass for one of the level's revisions. */
export const callName = (stage: StageName, pass?: number): string =>
  pass === undefined ? stage : `${stage}/${pass}`;

/** The stage a call named by `callName` belongs to. */
export const stageOfCall = (call: string): StageName => call.split('/')[0] as StageName;
