/**
 * Row-wise AdaGrad with optional weight averaging, applied only to the rows a sentence touches.
 *
 * AdaGrad (Duchi, Hazan & Singer 2011) with one accumulator per feature row rather than per weight
 * (the "row-wise AdaGrad" of large embedding tables, e.g. FBGEMM): for row r with gradient g_r,
 *   h_r += mean_k g_rk²,   w_r −= η g_r / √(h0 + h_r).
 * The step adapts per feature (rare features keep large steps, frequent ones anneal), costs one
 * square root per row instead of one per weight, and needs 1/nTags of the memory. The initial
 * accumulator h0 keeps the first steps from being a full η on a tiny gradient. A table of width 1
 * is plain per-weight AdaGrad (used for the transitions).
 *
 * Averaging uses the lazy trick of the averaged perceptron (Daumé 2006, "A Course in Machine
 * Learning"): with c the step counter, every change Δ made at step c also adds c·Δ to u; the
 * average of the weights over all steps is then w − u / c, without touching untouched weights.
 */
export interface AdaGradOptions {
  learnRate: number;
  initialAccumulator: number;
  /** Keep the running totals needed for averaged weights (one more float per weight). */
  average: boolean;
}

export class RowAdaGrad {
  readonly width: number;
  readonly sumSquares: Float32Array;
  readonly averageTotals: Float32Array | null;
  /** η; the batch trainer lowers it between epochs (its schedule). */
  learnRate: number;
  private readonly initial: number;

  constructor(rows: number, width: number, options: AdaGradOptions) {
    this.width = width;
    this.sumSquares = new Float32Array(rows);
    this.averageTotals = options.average ? new Float32Array(rows * width) : null;
    this.learnRate = options.learnRate;
    this.initial = options.initialAccumulator;
  }

  /** One step on row `row` of `params` with gradient `grad[offset .. offset + width)`. */
  applyRow(
    params: Float32Array,
    row: number,
    grad: Float64Array,
    offset: number,
    step: number,
  ): void {
    const width = this.width;
    let squares = 0;
    for (let k = 0; k < width; k++) squares += grad[offset + k]! * grad[offset + k]!;
    const h = this.sumSquares[row]! + squares / width;
    this.sumSquares[row] = h;
    const rate = -this.learnRate / Math.sqrt(this.initial + h);
    const base = row * width;
    const u = this.averageTotals;
    for (let k = 0; k < width; k++) {
      const delta = rate * grad[offset + k]!;
      params[base + k] += delta;
      if (u !== null) u[base + k] += step * delta;
    }
  }

  /** Averaged weights `w − u / step` into `out` (`step` = number of averaging steps taken + 1). */
  averageInto(params: Float32Array, step: number, out: Float32Array): Float32Array {
    const u = this.averageTotals;
    if (u === null) {
      out.set(params);
      return out;
    }
    const inv = 1 / step;
    for (let i = 0; i < params.length; i++) out[i] = params[i]! - u[i]! * inv;
    return out;
  }
}
