import type http from 'node:http';

/**
 * OpenAI's chat-completions reply, whole or streamed, as opad's stand-in servers write it: the offline demo
 * model and the tests' fake provider. The real `openai` SDK reads both, so they must speak the same format.
 */
export interface ReplyMeta {
  id: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

const base = (reply: ReplyMeta) => ({
  id: reply.id,
  created: Math.floor(Date.now() / 1000),
  model: reply.model,
});

const usageOf = (reply: ReplyMeta) => ({
  prompt_tokens: reply.promptTokens,
  completion_tokens: reply.completionTokens,
  total_tokens: reply.promptTokens + reply.completionTokens,
});

const sseData = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;

/** A reply to a request without `stream`. */
export function sendCompletion(res: http.ServerResponse, reply: ReplyMeta, content: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      ...base(reply),
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: usageOf(reply),
    }),
  );
}

export function startStream(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

export function streamContent(res: http.ServerResponse, reply: ReplyMeta, piece: string): void {
  res.write(
    sseData({
      ...base(reply),
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: piece } }],
    }),
  );
}

/** The finish chunk, the usage chunk when the client asked for it, and the end marker. */
export function endStream(
  res: http.ServerResponse,
  reply: ReplyMeta,
  includeUsage: boolean,
  finishReason: 'stop' | 'length' | 'content_filter' = 'stop',
): void {
  const chunk = { ...base(reply), object: 'chat.completion.chunk' };
  res.write(sseData({ ...chunk, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] }));
  if (includeUsage) res.write(sseData({ ...chunk, choices: [], usage: usageOf(reply) }));
  res.end('data: [DONE]\n\n');
}
