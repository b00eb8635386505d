import type { CurvePoint } from '@chorus/schema';

/** Scores as data scientists read them: three decimals, the same width in every row. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

export function formatLoss(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** 4.2 s, 3 min 05 s, 1 h 02 min. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

export const ENDED_STATUSES = new Set(['succeeded', 'failed', 'cancelled']);

export function isActive(status: string): boolean {
  return !ENDED_STATUSES.has(status);
}

/** F1 points (×100) a curve must gain from 75 % to 100 % of the data to count as rising. */
const RISING = 1;

/**
 * One sentence on what the train curve says about collecting more data: it compares the last
 * two points, as Prodigy's train-curve does.
 */
export function curveReading(curve: readonly Pick<CurvePoint, 'fraction' | 'f1'>[]): string {
  const last = curve.at(-1);
  const before = curve.at(-2);
  if (!last || !before) return 'Not enough points to read the curve.';
  const gain = (last.f1 - before.f1) * 100;
  const points = `${gain >= 0 ? '+' : '−'}${Math.abs(gain).toFixed(1)} F1 points from ${formatPercent(before.fraction)}`;
  if (gain >= RISING) return `Still rising at 100 % (${points}): more data will help.`;
  if (gain > -RISING)
    return `Flat at 100 % (${points}): more of the same data will help little; try new kinds of examples or labels.`;
  return `Lower at 100 % (${points}): the last answers may be noisy or inconsistent; review them.`;
}
