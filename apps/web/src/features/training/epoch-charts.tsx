'use client';

import type { TrainingRunFieldsFragment } from '@chorus/schema';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatPercent } from './training-format';

type Epoch = TrainingRunFieldsFragment['epochResults'][number];

/** Line colours per share of the data (curve mode); the full run is the accent colour. */
const SHARE_COLOURS: Record<string, string> = {
  '1': 'var(--accent)',
  '0.75': 'var(--chart-3)',
  '0.5': 'var(--chart-2)',
  '0.25': 'var(--chart-1)',
};

/** One row per epoch number, one column per share of the data: `f1@0.5`, `loss@1`. */
function rowsByEpoch(epochs: readonly Epoch[]): Record<string, number>[] {
  const rows = new Map<number, Record<string, number>>();
  for (const e of epochs) {
    const row = rows.get(e.epoch) ?? { epoch: e.epoch };
    row[`f1@${e.fraction}`] = e.f1;
    row[`loss@${e.fraction}`] = e.loss;
    rows.set(e.epoch, row);
  }
  return [...rows.values()].sort((a, b) => a.epoch! - b.epoch!);
}

function EpochChart({
  title,
  metric,
  epochs,
  totalEpochs,
  bestEpoch,
  domain,
}: {
  title: string;
  metric: 'f1' | 'loss';
  epochs: readonly Epoch[];
  totalEpochs: number;
  bestEpoch: number | null;
  domain?: [number | ((min: number) => number), number];
}) {
  const shares = [...new Set(epochs.map((e) => e.fraction))].sort((a, b) => a - b);
  const several = shares.length > 1;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <LineChart
        responsive
        accessibilityLayer={false}
        style={{ width: '100%', height: 220 }}
        data={rowsByEpoch(epochs)}
        margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        title={title}
      >
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis
          dataKey="epoch"
          type="number"
          domain={[1, Math.max(totalEpochs, 2)]}
          allowDecimals={false}
          stroke="var(--muted)"
          tick={{ fill: 'var(--muted)', fontSize: 12 }}
        />
        <YAxis
          domain={domain ?? ['auto', 'auto']}
          width={48}
          stroke="var(--muted)"
          tick={{ fill: 'var(--muted)', fontSize: 12 }}
          tickFormatter={(v: number) => (metric === 'f1' ? v.toFixed(2) : String(Math.round(v)))}
        />
        <Tooltip
          formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))}
          labelFormatter={(label) => `Epoch ${String(label)}`}
          contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }}
        />
        {bestEpoch !== null && (
          <ReferenceLine
            x={bestEpoch}
            stroke="var(--success)"
            strokeDasharray="4 3"
            label={{
              value: 'best',
              position: 'insideTopRight',
              fill: 'var(--success)',
              fontSize: 12,
            }}
          />
        )}
        {shares.map((share) => (
          <Line
            key={share}
            dataKey={`${metric}@${share}`}
            name={several ? `${formatPercent(share)} of the data` : metric === 'f1' ? 'F1' : 'loss'}
            stroke={SHARE_COLOURS[String(share)] ?? 'var(--accent)'}
            strokeWidth={share === 1 ? 2.5 : 1.5}
            dot={{ r: 3 }}
            isAnimationActive={false}
            connectNulls
          />
        ))}
        {several && <Legend wrapperStyle={{ fontSize: 12 }} />}
      </LineChart>
    </figure>
  );
}

/**
 * Training loss and eval F1 per epoch, the kept epoch marked. Hidden from assistive technology and
 * the tab order (no accessibility layer): the epoch table below gives the same numbers.
 */
export function EpochCharts({
  epochs,
  totalEpochs,
  bestEpoch,
}: {
  epochs: readonly Epoch[];
  totalEpochs: number;
  bestEpoch: number | null;
}) {
  return (
    <div className="chart-grid" aria-hidden="true">
      <EpochChart
        title="Eval F1 per epoch"
        metric="f1"
        epochs={epochs}
        totalEpochs={totalEpochs}
        bestEpoch={bestEpoch}
        // Zoomed to where the scores are: runs differ in the second decimal, not the first.
        domain={[(min: number) => Math.max(0, Math.floor((min - 0.05) * 10) / 10), 1]}
      />
      <EpochChart
        title="Training loss per epoch"
        metric="loss"
        epochs={epochs}
        totalEpochs={totalEpochs}
        bestEpoch={bestEpoch}
      />
    </div>
  );
}
