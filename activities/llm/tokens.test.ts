import { encodeChat as encodeChatGpt4, encode as encodeGpt4 } from 'gpt-tokenizer/model/gpt-4';
import {
  encodeChat as encodeChatGpt4oMini,
  encode as encodeGpt4oMini,
} from 'gpt-tokenizer/model/gpt-4o-mini';
import { countPromptTokens, countTokens, encodingFor, estimateTokens } from './tokens';

/** One sentence of a story in each language, as a draft would write it. */
const SENTENCES = {
  en: 'The town of Millbrook is building two solar farms. The farms will make clean electricity for about 900 homes.',
  de: 'Die Stadt Millbrook baut zwei Solarparks. Die Parks liefern sauberen Strom für etwa 900 Haushalte.',
  ja: 'ミルブルックの町は二つの太陽光発電所を建設しています。発電所は約九百世帯にきれいな電気を供給します。',
  zh: '米尔布鲁克镇正在建设两座太阳能发电场。这些发电场将为大约九百户家庭提供清洁电力。',
};
const LANGUAGES = Object.keys(SENTENCES) as Array<keyof typeof SENTENCES>;

test.each(LANGUAGES)('%s text is counted as gpt-4o-mini and gpt-4 count it', async (language) => {
  const text = SENTENCES[language];
  expect(await countTokens(text, 'gpt-4o-mini')).toBe(encodeGpt4oMini(text).length);
  // A dated name, as providers answer, counts as its family.
  expect(await countTokens(text, 'gpt-4o-mini-2024-07-18')).toBe(encodeGpt4oMini(text).length);
  expect(await countTokens(text, 'gpt-4')).toBe(encodeGpt4(text).length);
});

test('Chinese and Japanese take 3 to 4 times the tokens that characters ÷ 4 said; English and German do not', async () => {
  const ratios = Object.fromEntries(
    await Promise.all(
      LANGUAGES.map(async (language) => {
        const text = SENTENCES[language];
        return [language, (await countTokens(text, 'gpt-4o-mini')) / Math.ceil(text.length / 4)];
      }),
    ),
  );
  expect(ratios.ja).toBeGreaterThanOrEqual(3);
  expect(ratios.zh).toBeGreaterThanOrEqual(3);
  expect(ratios.en).toBeLessThan(1.2);
  expect(ratios.de).toBeLessThan(1.2);
});

test('each model family gets its encoding; a model outside them gets the estimate', async () => {
  for (const model of [
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1-nano',
    'gpt-5-mini',
    'o3-mini',
    'o4-mini',
    'chatgpt-4o-latest',
  ])
    expect({ model, encoding: encodingFor(model) }).toEqual({ model, encoding: 'o200k_base' });
  for (const model of ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo'])
    expect({ model, encoding: encodingFor(model) }).toEqual({ model, encoding: 'cl100k_base' });
  for (const model of ['llama-3.1-8b', 'opad-demo', 'mistral-small', 'gpt-oss-20b'])
    expect({ model, encoding: encodingFor(model) }).toEqual({ model, encoding: undefined });

  // The estimate counts a CJK character as one token and other text as 4 characters a token.
  expect(await countTokens(SENTENCES.zh, 'llama-3.1-8b')).toBe(estimateTokens(SENTENCES.zh));
  expect(estimateTokens(SENTENCES.zh)).toBe(SENTENCES.zh.length);
  expect(estimateTokens(SENTENCES.en)).toBe(Math.ceil(SENTENCES.en.length / 4));
});

test('a chat prompt counts its formatting as OpenAI does', async () => {
  const messages = [
    { role: 'system' as const, content: 'Du schreibst Nachrichten für Lernende.' },
    { role: 'user' as const, content: SENTENCES.ja },
  ];
  expect(await countPromptTokens(messages, 'gpt-4o-mini')).toBe(encodeChatGpt4oMini(messages).length);
  expect(await countPromptTokens(messages, 'gpt-4')).toBe(encodeChatGpt4(messages).length);
});

test('text that looks like a special token is counted as text, not refused', async () => {
  const text = 'A story about <|endoftext|> markers.';
  expect(await countTokens(text, 'gpt-4o-mini')).toBe(
    encodeGpt4oMini(text, { disallowedSpecial: new Set() }).length,
  );
});
