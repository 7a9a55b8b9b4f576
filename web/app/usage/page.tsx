import type { Metadata } from 'next';
import type { UsageReport, UsageSums } from '../../../contracts/api-types';
import { formatUsd } from '../../components/article-facts';
import { UsageCaveats } from '../../components/usage-caveats';
import { UsageChart } from '../../components/usage-chart';
import { apiGet } from '../../lib/api-server';

export const metadata: Metadata = { title: 'Usage' };

function UsageTable({
  caption,
  name,
  rows,
}: {
  caption: string;
  name: string;
  rows: Array<UsageSums & { key: string }>;
}) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th>{name}</th>
            <th className="num">Calls</th>
            <th className="num">Prompt tokens</th>
            <th className="num">Completion tokens</th>
            <th className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>{row.key}</td>
              <td className="num">{row.calls}</td>
              <td className="num">{row.promptTokens}</td>
              <td className="num">{row.completionTokens}</td>
              <td className="num">{formatUsd(row.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function UsagePage() {
  const report = await apiGet<UsageReport>('/usage');
  const { totals } = report;
  return (
    <>
      <h1>Usage</h1>
      <p className="meta">
        The last 30 days: {totals.calls} model calls, {totals.promptTokens + totals.completionTokens} tokens,{' '}
        <strong data-testid="usage-total">{formatUsd(totals.costUsd)}</strong>
        {totals.retryCostUsd > 0 ? ` (${formatUsd(totals.retryCostUsd)} on retried attempts)` : ''}.
      </p>
      <p className="meta" data-testid="budget">
        Today (UTC): {formatUsd(report.budget.spentTodayUsd)}
        {report.budget.dailyUsd === null ? '' : ` of your ${formatUsd(report.budget.dailyUsd)} daily budget`}{' '}
        · {report.budget.generationsToday}
        {report.budget.dailyGenerations === null ? '' : ` of ${report.budget.dailyGenerations}`}{' '}
        {report.budget.generationsToday === 1 && report.budget.dailyGenerations === null
          ? 'generation'
          : 'generations'}
        . It starts again at 00:00 UTC.
      </p>
      <UsageCaveats totals={totals} unpricedModels={report.unpricedModels} />
      <section className="card" aria-labelledby="per-day">
        <h2 id="per-day">Tokens and cost per day</h2>
        <UsageChart days={report.byDay} />
      </section>
      <h2>By step</h2>
      <UsageTable
        caption="Usage by step"
        name="Step"
        rows={report.byOperation.map((row) => ({ ...row, key: row.operation }))}
      />
      <h2>By model</h2>
      <UsageTable
        caption="Usage by model"
        name="Model"
        rows={report.byModel.map((row) => ({ ...row, key: row.model }))}
      />
    </>
  );
}
