/**
 * The CRF's optional dense features: each token's word vector (lowercase fallback, scaled to unit
 * norm; zero when the word has none) times a dims × nTags block, added to its emission:
 *   emission[t, k] += Σ_d x[t, d] · V[d, k],   ∂loss/∂V[d, k] = Σ_t x[t, d] · ∂loss/∂emission[t, k].
 * V is learnt by the same row-wise AdaGrad as the sparse table (one accumulator per dimension),
 * averaged alike. Unit norm keeps a token's dense step comparable with its 34 sparse rows'.
 */
import type { WordVectors } from '../vectors/index.js';
import { type AdaGradOptions, RowAdaGrad } from './optimizer.js';

/** v / ‖v‖ (0 for a zero vector) into out[offset …]: a token's dense input (shared with the ONNX export). */
export function writeUnitVector(v: Float32Array, out: Float32Array, offset: number): void {
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d]! * v[d]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let d = 0; d < v.length; d++) out[offset + d] = v[d]! * scale;
}

export class NerDense {
  /** [dims × nTags], row-major. */
  readonly weights: Float32Array;
  /** ∂loss/∂weights of the last `fold`. */
  readonly grad: Float64Array;
  private readonly optimizer: RowAdaGrad;

  constructor(
    readonly vectors: WordVectors,
    private readonly K: number,
    options: AdaGradOptions,
  ) {
    this.weights = new Float32Array(vectors.dims * K);
    this.grad = new Float64Array(vectors.dims * K);
    this.optimizer = new RowAdaGrad(vectors.dims, K, options);
  }

  /** The inputs x [T × dims] of a sentence. */
  inputs(tokens: readonly { text: string }[]): Float32Array {
    const D = this.vectors.dims;
    const x = new Float32Array(tokens.length * D);
    for (let t = 0; t < tokens.length; t++) {
      const v = this.vectors.lookup(tokens[t]!.text);
      if (v !== undefined) writeUnitVector(v, x, t * D);
    }
    return x;
  }

  /** out[t, k] += Σ_d x[t, d] · V[d, k]. */
  addEmissions(x: Float32Array, T: number, out: Float64Array): void {
    const { K, weights: V } = this;
    const D = this.vectors.dims;
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) {
        const v = x[t * D + d]!;
        if (v === 0) continue;
        for (let k = 0; k < K; k++) out[t * K + k] += v * V[d * K + k]!;
      }
    }
  }

  /** grad[d, k] = Σ_t x[t, d] · emissionGrad[t, k]. */
  fold(x: Float32Array, T: number, emissionGrad: Float64Array): void {
    const { K, grad } = this;
    const D = this.vectors.dims;
    grad.fill(0);
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) {
        const v = x[t * D + d]!;
        if (v === 0) continue;
        for (let k = 0; k < K; k++) grad[d * K + k] += v * emissionGrad[t * K + k]!;
      }
    }
  }

  /** One AdaGrad step with the gradient of the last `fold`. */
  apply(step: number): void {
    for (let d = 0; d < this.vectors.dims; d++) {
      this.optimizer.applyRow(this.weights, d, this.grad, d * this.K, step);
    }
  }

  /** Averaged weights into `out` (see `RowAdaGrad.averageInto`). */
  averageInto(step: number, out: Float32Array): void {
    this.optimizer.averageInto(this.weights, step, out);
  }
}
