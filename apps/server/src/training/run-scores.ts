import type { CurvePoint as EngineCurvePoint, EpochMetrics, TrainResult } from '@chorus/engine';
import type { CurvePoint, LabelScore, TrainingEpoch } from './training-run.types.js';

/**
 * The typed view of a run's raw JSON (`progress`, `metrics`), shared by the run as stored and
 * the run as published to `trainingRunEvents`, so charts never parse JSON.
 */

/** A progress entry as the trainer stores it: the engine's epoch, and its share of the data. */
export type StoredEpoch = EpochMetrics & { fraction?: number };

/** The run's metrics as the trainer stores them: the engine's, and the curve in curve mode. */
export type StoredMetrics = TrainResult['metrics'] & { curve?: EngineCurvePoint[] };

/** What both a `TrainingRun` entity and a `TrainingRunPayload` hold. */
export interface RunScores {
  progress: Record<string, unknown>[];
  metrics?: Record<string, unknown> | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

export function labelScores(perLabel: EpochMetrics['perLabel']): LabelScore[] {
  return Object.entries(perLabel).map(([label, s]) => ({
    label,
    precision: s.precision,
    recall: s.recall,
    f1: s.f1,
    auc: 'auc' in s ? s.auc : null,
  }));
}

function typedEpoch(raw: StoredEpoch): TrainingEpoch {
  return {
    epoch: raw.epoch,
    // Runs stored before the share was recorded trained on all of their data but in curve mode.
    fraction: raw.fraction ?? 1,
    loss: raw.loss,
    precision: raw.precision,
    recall: raw.recall,
    f1: raw.f1,
    accuracy: raw.accuracy ?? null,
    seconds: raw.seconds,
    perLabel: labelScores(raw.perLabel),
  };
}

export function runEpochs(run: RunScores): TrainingEpoch[] {
  return (run.progress as unknown as StoredEpoch[]).map(typedEpoch);
}

/**
 * The epoch whose model is (or, while the run goes on, would be) kept: the stored best once the
 * run has succeeded; before that the full-data epoch with the highest F1, the earlier on ties,
 * as the engine's trainer chooses.
 */
export function bestEpoch(run: RunScores): TrainingEpoch | null {
  const metrics = run.metrics as StoredMetrics | null | undefined;
  if (metrics?.best) return typedEpoch({ ...metrics.best, fraction: 1 });
  let best: TrainingEpoch | null = null;
  for (const epoch of runEpochs(run))
    if (epoch.fraction === 1 && (best === null || epoch.f1 > best.f1)) best = epoch;
  return best;
}

export function runCurve(run: RunScores): CurvePoint[] | null {
  const curve = (run.metrics as StoredMetrics | null | undefined)?.curve;
  return curve
    ? curve.map(({ fraction, examples, precision, recall, f1 }) => ({
        fraction,
        examples,
        precision,
        recall,
        f1,
      }))
    : null;
}

/** From start to end, or to `now` while the run goes on; null before it starts. */
export function elapsedSeconds(run: RunScores, now = new Date()): number | null {
  if (!run.startedAt) return null;
  // Dates of a payload that crossed processes (LISTEN/NOTIFY) arrive as ISO strings.
  return (new Date(run.finishedAt ?? now).getTime() - new Date(run.startedAt).getTime()) / 1000;
}
