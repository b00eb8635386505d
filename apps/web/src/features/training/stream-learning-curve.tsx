'use client';

import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCount } from '../../ui/format';
import { formatScore } from './training-format';
import './training.css';

export interface StreamLearningCurveProps {
  /** The in-loop model's rolling accuracy after so many answers. */
  points: { answers: number; accuracy: number }[];
  /** Versions published from the stream, with their eval F1 when they have one. */
  versions: { answers: number; f1: number | null; id: number }[];
}

/**
 * A stream's learning curve, small enough for the annotate page: the in-loop model's rolling
 * accuracy against the number of answers, and the eval F1 of each version published from the
 * stream. Screen readers get the same numbers as a summary and a table.
 */
export function StreamLearningCurve({ points, versions }: StreamLearningCurveProps) {
  const scored = versions.filter((v): v is typeof v & { f1: number } => v.f1 !== null);
  const last = points.at(-1);
  const summary = last
    ? `Rolling accuracy ${formatScore(last.accuracy)} after ${formatCount(last.answers)} answers` +
      (scored.length > 0
        ? `; latest scored version v${scored.at(-1)!.id}: F1 ${formatScore(scored.at(-1)!.f1)}.`
        : '.')
    : 'No answers yet.';
  return (
    <figure className="stream-curve" aria-label="Learning curve of the stream">
      <figcaption>
        <span className="stream-curve-title">Learning curve</span>
        <span className="hint">{summary}</span>
      </figcaption>
      <ComposedChart
        responsive
        accessibilityLayer={false}
        style={{ width: '100%', height: 160 }}
        margin={{ top: 6, right: 12, bottom: 0, left: -12 }}
        aria-hidden="true"
      >
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis
          dataKey="answers"
          type="number"
          domain={[0, 'dataMax']}
          allowDecimals={false}
          stroke="var(--muted)"
          tick={{ fill: 'var(--muted)', fontSize: 11 }}
        />
        <YAxis
          domain={[0, 1]}
          width={44}
          stroke="var(--muted)"
          tick={{ fill: 'var(--muted)', fontSize: 11 }}
          tickFormatter={(v: number) => v.toFixed(1)}
        />
        <Tooltip
          formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))}
          labelFormatter={(label) => `${String(label)} answers`}
          contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }}
        />
        <Line
          data={points}
          dataKey="accuracy"
          name="rolling accuracy"
          stroke="var(--accent)"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Scatter
          data={scored}
          dataKey="f1"
          name="version eval F1"
          fill="var(--success)"
          isAnimationActive={false}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
      </ComposedChart>
      <table className="visually-hidden">
        <caption>Versions published from the stream</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Answers</th>
            <th scope="col">Eval F1</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <th scope="row">v{v.id}</th>
              <td>{formatCount(v.answers)}</td>
              <td>{formatScore(v.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
