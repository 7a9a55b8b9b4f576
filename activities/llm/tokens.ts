import type { ChatMessage } from './llm-client';

/**
 * Token counts for the shared rate limit and the cost of a call whose reply carried no usage. OpenAI's models
 * are counted with their own BPE encoding (gpt-tokenizer, pure JS, the encodings shipped in the package); any
 * other model gets an estimate. Characters ÷ 4 alone undercounts Chinese and Japanese 3–4× (a CJK character
 * is about one token), so the estimate counts those characters one each.
 */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Model families by their names' start, newest first: dated and suffixed names (-2024-07-18, -mini) included. */
const FAMILIES: Array<[RegExp, EncodingName]> = [
  [/^(?:gpt-5|gpt-4\.5|gpt-4\.1|gpt-4o|chatgpt-4o|o1|o3|o4)(?:[-.]|$)/, 'o200k_base'],
  [/^(?:gpt-4|gpt-3\.5)(?:[-.]|$)/, 'cl100k_base'],
];

/** The encoding a model counts with, or undefined for a model outside OpenAI's known families. */
export function encodingFor(model: string): EncodingName | undefined {
  const name = model.toLowerCase().replace(/^openai\//, '');
  return FAMILIES.find(([pattern]) => pattern.test(name))?.[1];
}

interface Encoder {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
}

/** Each encoding's ranks are several MB: loaded on first use, once per process. */
const encoders = new Map<EncodingName, Promise<Encoder>>();

function encoder(name: EncodingName): Promise<Encoder> {
  let found = encoders.get(name);
  if (!found) {
    found =
      name === 'o200k_base'
        ? import('gpt-tokenizer/encoding/o200k_base')
        : import('gpt-tokenizer/encoding/cl100k_base');
    encoders.set(name, found);
  }
  return found;
}

/** Text the model was sent is counted as text: "<|endoftext|>" in an article is not the special token. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Han, kana, Hangul and their punctuation: about one token a character for any BPE tokenizer. */
const WIDE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/gu;

/** The estimate for a model whose tokenizer opad does not know. */
export function estimateTokens(text: string): number {
  const wide = text.match(WIDE)?.length ?? 0;
  return wide + Math.ceil((text.length - wide) / 4);
}

/** The tokens of `text` for `model`: its tokenizer's count, or the estimate for an unknown model. */
export async function countTokens(text: string, model: string): Promise<number> {
  const encoding = encodingFor(model);
  if (!encoding) return estimateTokens(text);
  return (await encoder(encoding)).encode(text, AS_TEXT).length;
}

/**
 * Chat formatting costs tokens too: each message is wrapped as <|im_start|>role<|im_sep|>content<|im_end|> (its
 * content plus 4), and the reply is primed with 3 more, as OpenAI's prompt_tokens count them.
 */
const PER_MESSAGE = 4;
const REPLY_PRIMING = 3;

/** The prompt tokens of a chat request for `model`. */
export async function countPromptTokens(messages: ChatMessage[], model: string): Promise<number> {
  const contents = await Promise.all(
    messages.map((message) => countTokens(typeof message.content === 'string' ? message.content : '', model)),
  );
  return contents.reduce((sum, tokens) => sum + tokens + PER_MESSAGE, REPLY_PRIMING);
}
