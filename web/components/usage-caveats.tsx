import type { UsageTotals } from '../../contracts/api-types';

/** What the cost leaves out or only estimates, so a total is never read as more exact than it is. */
export function UsageCaveats({ totals, unpricedModels }: { totals: UsageTotals; unpricedModels: string[] }) {
  return (
    <>
      {unpricedModels.length > 0 ? (
        <p className="meta" data-testid="unpriced">
          Cost unknown for {totals.unpricedCalls} call{totals.unpricedCalls === 1 ? '' : 's'} to{' '}
          {unpricedModels.join(', ')}: no price is set for {unpricedModels.length === 1 ? 'it' : 'them'}{' '}
          (LLM_PRICES), so {unpricedModels.length === 1 ? 'it is' : 'they are'} not in the total.
        </p>
      ) : null}
      {totals.estimatedCalls > 0 ? (
        <p className="meta" data-testid="estimated">
          {totals.estimatedCalls} call{totals.estimatedCalls === 1 ? '' : 's'} ended before the provider
          counted the tokens; those counts are estimates (about 4 characters a token).
        </p>
      ) : null}
    </>
  );
}
