import type { ArticleMeta, ArticleUsage } from '../../contracts/api-types';
import { DEMO_MODEL } from '../../contracts/demo';
import { UsageCaveats } from './usage-caveats';

export function formatUsd(value: number): string {
  return value < 0.01 && value > 0 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** What was simplified and why, who wrote it, and what it cost. */
export function ArticleFacts({ meta, usage }: { meta: ArticleMeta; usage: ArticleUsage }) {
  const models = [...new Set(Object.values(meta.models).filter((model): model is string => Boolean(model)))];
  // Articles the demo model wrote before meta.json said what it did: it copied the source's sentences.
  const demoNote =
    meta.demo ??
    (models.includes(DEMO_MODEL)
      ? 'the demo model copied sentences from the source and did not really simplify'
      : undefined);
  return (
    <>
      <section aria-labelledby="edits-heading">
        <h2 id="edits-heading">What was simplified, and why</h2>
        {meta.edits.length === 0 ? (
          <p className="meta">The review found nothing to change.</p>
        ) : (
          <ul className="edits">
            {meta.edits.map((edit) => (
              <li key={`${edit.original}|${edit.revised}`} className="card">
                <div>
                  <span className="sr-only">Before: </span>
                  <del>{edit.original}</del>
                </div>
                <div>
                  <span className="sr-only">After: </span>
                  <ins>{edit.revised}</ins>
                </div>
                <div className="meta">{edit.reason}</div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="made-heading">
        <h2 id="made-heading">How it was made</h2>
        {demoNote ? (
          <p className="notice" role="note">
            Offline demo: {demoNote}.
          </p>
        ) : null}
        <p>
          Models: {models.join(', ') || 'unknown'} · news from {meta.searchProvider}
        </p>
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Cost of this article</caption>
            <thead>
              <tr>
                <th>Step</th>
                <th className="num">Calls</th>
                <th className="num">Tokens</th>
                <th className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {usage.byOperation.map((row) => (
                <tr key={row.operation}>
                  <td>{row.operation}</td>
                  <td className="num">{row.calls}</td>
                  <td className="num">{row.promptTokens + row.completionTokens}</td>
                  <td className="num">{formatUsd(row.costUsd)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>Total</th>
                <th className="num">{usage.totals.calls}</th>
                <th className="num">{usage.totals.promptTokens + usage.totals.completionTokens}</th>
                <th className="num" data-testid="article-cost">
                  {formatUsd(usage.totals.costUsd)}
                </th>
              </tr>
            </tfoot>
          </table>
        </div>
        <UsageCaveats totals={usage.totals} unpricedModels={usage.unpricedModels} />
        {usage.totals.retryCostUsd > 0 ? (
          <p className="meta">
            Of that, {formatUsd(usage.totals.retryCostUsd)} went to attempts that were retried.
          </p>
        ) : null}
      </section>
    </>
  );
}
