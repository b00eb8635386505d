'use client';

import type { TrainingRunFieldsFragment } from '@chorus/schema';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../ui/format';
import { curveReading, formatPercent, formatScore } from './training-format';

type Point = NonNullable<TrainingRunFieldsFragment['learningCurve']>[number];

/** Train-curve mode: best F1 on 25, 50, 75 and 100 % of the data, and what it says. */
export function TrainCurve({ curve }: { curve: readonly Point[] }) {
  return (
    <section aria-labelledby="curve-heading" className="panel curve-panel">
      <h2 id="curve-heading">Train curve</h2>
      <p className="curve-reading">{curveReading(curve)}</p>
      <div className="curve-layout">
        <LineChart
          responsive
          accessibilityLayer={false}
          style={{ width: '100%', height: 200 }}
          data={curve.map((p) => ({ ...p, percent: p.fraction * 100 }))}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          aria-hidden="true"
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="percent"
            type="number"
            domain={[0, 100]}
            ticks={[25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v} %`}
            stroke="var(--muted)"
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
          />
          <YAxis
            domain={[0, 1]}
            width={48}
            stroke="var(--muted)"
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
            tickFormatter={(v: number) => v.toFixed(2)}
          />
          <Tooltip
            formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))}
            labelFormatter={(label) => `${String(label)} % of the data`}
            contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }}
          />
          <Line
            dataKey="f1"
            name="F1"
            stroke="var(--accent)"
            strokeWidth={2.5}
            dot={{ r: 4 }}
            isAnimationActive={false}
          />
        </LineChart>
        <table className="data-table curve-table" aria-label="Train curve">
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col" className="numeric">
                Examples
              </th>
              <th scope="col" className="numeric">
                F1
              </th>
            </tr>
          </thead>
          <tbody>
            {curve.map((p) => (
              <tr key={p.fraction}>
                <th scope="row">{formatPercent(p.fraction)}</th>
                <td className="numeric">{formatCount(p.examples)}</td>
                <td className="numeric">{formatScore(p.f1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
