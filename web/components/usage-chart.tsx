'use client';

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { UsageSums } from '../../contracts/api-types';

export function UsageChart({ days }: { days: Array<UsageSums & { day: string }> }) {
  if (days.length === 0) return <p className="meta">No model calls in this period.</p>;
  return (
    <figure style={{ margin: 0 }}>
      <div
        className="chart"
        role="img"
        aria-label={`Tokens and cost for ${days.length} day${days.length === 1 ? '' : 's'}; the table below has the figures`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={days} margin={{ top: 10, right: 10, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis yAxisId="tokens" />
            <YAxis yAxisId="cost" orientation="right" tickFormatter={(value: number) => `$${value}`} />
            <Tooltip />
            <Legend />
            <Bar
              yAxisId="tokens"
              dataKey="promptTokens"
              name="Prompt tokens"
              stackId="tokens"
              fill="#1f5fa8"
            />
            <Bar
              yAxisId="tokens"
              dataKey="completionTokens"
              name="Completion tokens"
              stackId="tokens"
              fill="#7fb0e6"
            />
            <Line yAxisId="cost" dataKey="costUsd" name="Cost (USD)" stroke="#b3261e" strokeWidth={2} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">Prompt and completion tokens as bars, cost as a line.</figcaption>
    </figure>
  );
}
