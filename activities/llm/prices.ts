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
  // opad's own offline demo model (npm start without a key) costs nothing.
  'opad-demo': { input: 0, output: 0 },
};

/** A model's price; providers answer with dated names (gpt-4o-mini-2024-07-18), priced as their family. */
function priceOf(model: string, overrides: PriceTable) {
  const undated = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return overrides[model] ?? DEFAULT_PRICES[model] ?? overrides[undated] ?? DEFAULT_PRICES[undated];
}

/**
 * Estimated cost in USD, or null for a model missing from the table: unknown, never silently free. A
 * self-hosted model that costs nothing is priced at 0 in LLM_PRICES.
 */
export function estimateCost(model: string, tokens: TokenUsage, overrides: PriceTable = {}): number | null {
  const price = priceOf(model, overrides);
  if (!price) return null;
  return (tokens.prompt * price.input + tokens.completion * price.output) / 1_000_000;
}
