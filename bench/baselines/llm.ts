import OpenAI from 'openai';
import { z } from 'zod';
import type { ChatMessage } from '../../activities/llm/llm-client';
import { parseJsonReply } from '../../activities/llm/llm-client';

/**
 * The baselines' LLM call: the same streamed chat completion on the `openai` SDK that opad makes, plus a header
 * naming the article, so the bench can attribute every call (opad's are attributed through llm_usage).
 */
export class BaselineLlm {
  private readonly openai: OpenAI;

  constructor(settings: { apiKey: string; baseUrl: string; model?: string }) {
    this.openai = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseUrl, maxRetries: 0 });
  }

  async chat(
    stage: string,
    articleId: string,
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
      { headers: { 'X-Opad-Operation': stage, 'X-Bench-Article': articleId } },
    );
    let text = '';
    let finished = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.choices[0]?.finish_reason) finished = true;
    }
    if (!finished) throw new Error(`the ${stage} reply ended early`);
    return text;
  }

  async chatJson<T>(
    stage: string,
    articleId: string,
    messages: ChatMessage[],
    name: string,
    schema: z.ZodType<T>,
  ) {
    const parsed = parseJsonReply(await this.chat(stage, articleId, messages, { name, schema }), schema);
    if (!parsed.ok) throw new Error(`invalid ${stage} reply: ${parsed.error}`);
    return parsed.data;
  }
}
