import type { PriceTable } from '../../config/env';
import type { Db } from '../../db/connect';
import { closeUsage, discardUsage, openUsage, type UsageOwner } from '../../db/queries/usage';
import type { CallEnding } from '../../db/schema';
import type { TokenUsage } from '../../workflows/types';
import { estimateCost } from './prices';

/** How a call ended, and what it used: the provider's count, or opad's estimate when that never came. */
export interface CallOutcome {
  model: string;
  usage: TokenUsage;
  estimated: boolean;
  ended: CallEnding;
}

/** One call's entry: open before the request, then closed with what it cost, or discarded if nothing was billed. */
export interface UsageEntry {
  close(outcome: CallOutcome): Promise<void>;
  discard(): Promise<void>;
}

/** Where LLM calls are accounted; every call opens an entry before its request goes out. */
export interface UsageLedger {
  open(call: { operation: string; model: string; promptEstimate: number }): Promise<UsageEntry>;
}

/** The ledger of one owner and attempt, in llm_usage; `opened` counts the entries it has opened so far. */
export function usageLedger(
  db: Db,
  owner: UsageOwner,
  prices: PriceTable,
): UsageLedger & { readonly opened: number } {
  let opened = 0;
  return {
    get opened() {
      return opened;
    },
    async open(call) {
      opened++;
      const usage = { prompt: call.promptEstimate, completion: 0 };
      const id = await openUsage(db, owner, {
        operation: call.operation,
        model: call.model,
        promptTokens: usage.prompt,
        completionTokens: 0,
        costUsd: estimateCost(call.model, usage, prices),
        estimated: true,
      });
      return {
        close: (outcome) =>
          closeUsage(db, id, {
            model: outcome.model,
            requestedModel: call.model,
            promptTokens: outcome.usage.prompt,
            completionTokens: outcome.usage.completion,
            // A provider may answer under a name of its own; the model asked for is priced then.
            costUsd:
              estimateCost(outcome.model, outcome.usage, prices) ??
              estimateCost(call.model, outcome.usage, prices),
            estimated: outcome.estimated,
            ended: outcome.ended,
          }),
        discard: () => discardUsage(db, id),
      };
    },
  };
}
