/**
 * The text classifier's optional dense features: the mean of the text's word vectors, scaled to
 * unit L2 norm like the sparse vector (so both parts start at the same scale and one step size
 * suits both), times a dims × labels weight block learnt with the same per-weight AdaGrad.
 * Words without a vector are skipped; a text with none gets a zero input (the sparse part, with
 * its character n-grams, still scores it).
 */
import { tokensFor } from '../tokenizer.js';
import type { WordVectors } from '../vectors/index.js';
import type { TextcatInput } from './features.js';
import { penalizedGradient } from './objective.js';

const EPSILON = 1e-8;

/** The tokens whose vectors make a text's dense input (shared with the ONNX export). */
export function denseTokens(text: TextcatInput): readonly { text: string }[] {
  return typeof text === 'string' ? tokensFor({ text }) : tokensFor(text);
}

export class TextcatDense {
  /** dims × labels, row-major: the weights of dimension d are `weights[d*L .. d*L+L)`. */
  readonly weights: Float32Array;
  readonly squares: Float32Array;
  /** The input of the last `addLogits` call. */
  private readonly input: Float64Array;

  constructor(
    readonly vectors: WordVectors,
    private readonly nLabels: number,
  ) {
    this.weights = new Float32Array(vectors.dims * nLabels);
    this.squares = new Float32Array(vectors.dims * nLabels);
    this.input = new Float64Array(vectors.dims);
  }

  /** Computes the input of `text` and adds its contribution to `logits`. */
  addLogits(text: TextcatInput, logits: Float64Array): void {
    const x = this.fillInput(text);
    const { weights, nLabels: n } = this;
    for (let d = 0; d < x.length; d++) {
      const v = x[d]!;
      if (v === 0) continue;
      for (let k = 0; k < n; k++) logits[k] += v * weights[d * n + k]!;
    }
  }

  /** One AdaGrad step, given dLoss/dlogits of the text of the last `addLogits`. */
  learn(grad: Float64Array, learnRate: number, l2: number): void {
    const { weights, squares, input: x, nLabels: n } = this;
    for (let d = 0; d < x.length; d++) {
      for (let k = 0; k < n; k++) {
        if (grad[k] === 0) continue;
        const w = d * n + k;
        const g = penalizedGradient(grad[k]! * x[d]!, weights[w]!, l2);
        if (g === 0) continue;
        squares[w] += g * g;
        weights[w] -= (learnRate * g) / (Math.sqrt(squares[w]!) + EPSILON);
      }
    }
  }

  /** dLoss/dweights = input ⊗ dLoss/dlogits, for the text of the last `addLogits`. */
  gradientInto(grad: Float64Array, out: Float64Array): void {
    const { input: x, nLabels: n } = this;
    for (let d = 0; d < x.length; d++)
      for (let k = 0; k < n; k++) out[d * n + k] = x[d]! * grad[k]!;
  }

  private fillInput(text: TextcatInput): Float64Array {
    const x = this.input;
    x.fill(0);
    for (const token of denseTokens(text)) {
      const v = this.vectors.lookup(token.text);
      if (v === undefined) continue;
      for (let d = 0; d < x.length; d++) x[d] += v[d]!;
    }
    // The mean, scaled to unit norm: dividing by the count first changes nothing after scaling.
    let norm = 0;
    for (let d = 0; d < x.length; d++) norm += x[d]! * x[d]!;
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let d = 0; d < x.length; d++) x[d] *= scale;
    }
    return x;
  }
}
