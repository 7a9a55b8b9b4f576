import type { PriceTable } from '../../config/env';
import type { TokenUsage } from '../../workflows/types';

/** USD per million tokens, list prices; LLM_PRICES overrides or extends them. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5': { input: 1.25, output: 10 },
};

/** Estimated cost in USD; a model missing from the table costs 0 (self-hosted models usually do). */
export function estimateCost(model: string, tokens: TokenUsage, overrides: PriceTable = {}): number {
  const price = overrides[model] ?? DEFAULT_PRICES[model];
  if (!price) return 0;
  return (tokens.prompt * price.input + tokens.completion * price.output) / 1_000_000;
}
