/**
 * The text classifier: a linear model over hashed sparse features (see `features.ts`), with one
 * logistic output per label (multi-label) or one softmax over the labels (exclusive), learnt online
 * from binary answers and full annotations.
 *
 * Optimizer: AdaGrad (Duchi, Hazan & Singer 2011), w ← w − η·g/√(Σg²), per weight. It suits active
 * learning: a feature seen once (a rare n-gram in the one text just answered) still takes a full
 * step, while frequent features settle, so a model moves from its first answers yet stays stable.
 * We chose it over FTRL-proximal (McMahan et al. 2013) because AdaGrad keeps the weights themselves
 * (FTRL keeps z and n and derives weights on every read), so scoring and an exported graph just
 * gather rows of one table; FTRL's advantage, L1 sparsity, buys little with a fixed-size table.
 * The accumulators are saved with the weights, so a reloaded model keeps learning at the same pace.
 *
 * A model in the loop may also hold a prior learnt from the inputs nobody has answered yet (see
 * `unlabeled-prior.ts`), added to the logits; the weights then learn the answers on top of it.
 */
import {
  DEFAULT_FEATURE_CONFIG,
  FeatureScratch,
  extractFeatures,
  type TextcatFeatureConfig,
  type TextcatInput,
} from './features.js';
import {
  exclusiveLoss,
  multiLabelLoss,
  penalizedGradient,
  sigmoid,
  softmaxInto,
} from './objective.js';
import { decodeFloat32, encodeFloat32 } from '../float32-base64.js';
import { type WordVectors, type WordVectorsInfo, requireVectors } from '../vectors/index.js';
import { TextcatDense } from './dense.js';
import { type TextcatExample, fillTargets } from './targets.js';
import { UnlabeledCounts, type UnlabeledPriorOptions } from './unlabeled-prior.js';

export type { TextcatExample } from './targets.js';

export interface TextClassifierOptions {
  labels: string[];
  /** One softmax over the labels (exactly one applies) instead of independent sigmoids. */
  exclusive?: boolean;
  /** log2 of the rows of the weight table (default 18). */
  bits?: number;
  /** Seed of the feature hash. */
  seed?: number;
  /** AdaGrad step size η (default 0.5). */
  learnRate?: number;
  /** L2 penalty on the weights a step touches (default `DEFAULT_TEXTCAT_L2`). */
  l2?: number;
  /** Other feature settings; see `TextcatFeatureConfig`. */
  features?: Partial<Omit<TextcatFeatureConfig, 'bits' | 'seed'>>;
  /** Word vectors: adds the (unit-norm) mean vector of the text as dense features. */
  vectors?: WordVectors;
}

export interface TextClassifierJSON {
  kind: 'chorus.textcat';
  version: 1;
  labels: string[];
  exclusive: boolean;
  features: TextcatFeatureConfig;
  learnRate: number;
  l2: number;
  /** Float32 arrays, little-endian, base64. `weights` is rows × labels, row-major. */
  weights: string;
  bias: string;
  squares: string;
  biasSquares: string;
  /** Present when trained with word vectors: `fromJSON` then needs the same vectors. */
  vectors?: WordVectorsInfo;
  /** Float32 base64, dims × labels, row-major (with `vectors`). */
  denseWeights?: string;
  denseSquares?: string;
  /** The prior from unlabelled inputs, if any (Float32 base64, rows × labels). */
  priorWeights?: string;
}

/**
 * Default L2 penalty λ. Each step adds λ·w to the gradient of the weights it touches, so the
 * objective is Σ_examples loss + (λ/2)·Σ_j count_j·w_j², with count_j the number of examples that
 * hold feature j: an L2 penalty in proportion to how often a feature occurs, the form that input
 * dropout approximates (Wager, Wang & Liang 2013). It keeps a few frequent n-grams from growing
 * large weights and makes precision less dependent on the shuffle order. 2e-4 was chosen by 5-fold
 * cross-validation on the training parts of sms-spam and subj (see bench/engine/textcat.mjs).
 */
export const DEFAULT_TEXTCAT_L2 = 2e-4;

/**
 * Weights, AdaGrad accumulators and an unlabelled-data prior must fit in this (three float32
 * tables of 2^bits × labels).
 */
export const MAX_TEXTCAT_BYTES = 64 * 1024 * 1024;
const EPSILON = 1e-8;

export function createTextClassifier(options: TextClassifierOptions): TextClassifier {
  const features: TextcatFeatureConfig = {
    ...DEFAULT_FEATURE_CONFIG,
    ...options.features,
    bits: options.bits ?? DEFAULT_FEATURE_CONFIG.bits,
    seed: options.seed ?? DEFAULT_FEATURE_CONFIG.seed,
  };
  return new TextClassifier(
    [...options.labels],
    options.exclusive ?? false,
    features,
    options.learnRate ?? 0.5,
    options.l2 ?? DEFAULT_TEXTCAT_L2,
    options.vectors,
  );
}

export class TextClassifier {
  /** Rows × labels, row-major: the weights of feature row r are `weights[r*L .. r*L+L)`. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  private readonly squares: Float32Array;
  private readonly biasSquares: Float32Array;
  private readonly labelIndex: Map<string, number>;
  private readonly scratch = new FeatureScratch();
  private readonly logits: Float64Array;
  private readonly grad: Float64Array;
  private readonly targets: Float32Array;
  /** The word-vector part, null without vectors (the sparse path then runs exactly as before). */
  readonly dense: TextcatDense | null;
  /** Feature rows in the scratch after the last `lossAndGradient`. */
  private featureCount = 0;
  /** Rows × labels, added to the weights when scoring (see `unlabeled-prior.ts`). */
  private priorTable: Float32Array | null = null;

  /** Use `createTextClassifier` or `TextClassifier.fromJSON`. */
  constructor(
    readonly labels: readonly string[],
    readonly exclusive: boolean,
    readonly features: Readonly<TextcatFeatureConfig>,
    /** AdaGrad's η; the batch trainer lowers it between epochs (its schedule). */
    public learnRate: number,
    readonly l2: number,
    vectors?: WordVectors,
  ) {
    const n = labels.length;
    if (n === 0 || new Set(labels).size !== n) {
      throw new RangeError('labels must be unique and non-empty');
    }
    if (exclusive && n < 2) throw new RangeError('an exclusive classifier needs at least 2 labels');
    if (!Number.isInteger(features.bits) || features.bits < 1 || features.bits > 24) {
      throw new RangeError(`bits must be an integer in [1, 24], got ${features.bits}`);
    }
    const size = 2 ** features.bits * n;
    if (size * 12 > MAX_TEXTCAT_BYTES) {
      const tables = `2^${features.bits} rows × ${n} labels`;
      throw new RangeError(`${tables} exceed ${MAX_TEXTCAT_BYTES} bytes; lower bits`);
    }
    this.weights = new Float32Array(size);
    this.squares = new Float32Array(size);
    this.bias = new Float32Array(n);
    this.biasSquares = new Float32Array(n);
    this.labelIndex = new Map(labels.map((label, k) => [label, k]));
    this.logits = new Float64Array(n);
    this.grad = new Float64Array(n);
    this.targets = new Float32Array(n);
    this.dense = vectors === undefined ? null : new TextcatDense(vectors, n);
  }

  /** The word vectors the model uses, if any. */
  get vectors(): WordVectors | undefined {
    return this.dense?.vectors;
  }

  /** Probabilities per label for each input, in the order of `labels`. */
  predict(inputs: readonly TextcatInput[]): Float32Array[] {
    return inputs.map((input) => {
      const out = new Float32Array(this.labels.length);
      this.computeLogits(input);
      this.probabilitiesInto(out);
      return out;
    });
  }

  /** The prior from unlabelled inputs the logits include (rows × labels), if any. */
  get prior(): Float32Array | null {
    return this.priorTable;
  }

  /** Replaces the prior, a table shaped like the weights, which the model keeps; null removes it. */
  setPrior(prior: Float32Array | null): void {
    if (prior !== null && prior.length !== this.weights.length)
      throw new RangeError('the prior does not match the classifier: other bits or labels');
    this.priorTable = prior;
  }

  /** Counts `inputs` with the model's current probabilities as their soft labels. */
  countUnlabeled(inputs: Iterable<TextcatInput>, counts: UnlabeledCounts): void {
    const probabilities = new Float32Array(this.labels.length);
    for (const input of inputs) {
      const count = this.computeLogits(input);
      this.probabilitiesInto(probabilities);
      counts.add(this.scratch.rows, count, probabilities);
    }
  }

  /**
   * Sets the prior learnt from `inputs`, inputs nobody has answered (one EM step, see
   * `unlabeled-prior.ts`); none removes it.
   */
  fitUnlabeledPrior(inputs: Iterable<TextcatInput>, options?: UnlabeledPriorOptions): void {
    const counts = this.unlabeledCounts();
    this.countUnlabeled(inputs, counts);
    this.setPrior(counts.prior(options));
  }

  /** Empty counts shaped for this model (for `countUnlabeled` over several slices of inputs). */
  unlabeledCounts(): UnlabeledCounts {
    return new UnlabeledCounts(2 ** this.features.bits, this.labels.length);
  }

  /** Summed loss of the examples under the current weights (no learning). */
  loss(examples: readonly TextcatExample[]): number {
    let total = 0;
    for (const example of examples) total += this.step(example, false);
    return total;
  }

  /** Learns from each example in turn; returns the summed loss, each taken before its update. */
  update(examples: readonly TextcatExample[]): number {
    let total = 0;
    for (const example of examples) total += this.step(example, true);
    return total;
  }

  /** dLoss/d(dense weights) of one example, weights unchanged (for checks); null without vectors. */
  denseGradient(example: TextcatExample): Float64Array | null {
    if (this.dense === null) return null;
    const out = new Float64Array(this.dense.weights.length);
    if (Number.isNaN(this.lossAndGradient(example))) return out;
    this.dense.gradientInto(this.grad, out);
    return out;
  }

  toJSON(): TextClassifierJSON {
    const dense = this.dense;
    return {
      kind: 'chorus.textcat',
      version: 1,
      labels: [...this.labels],
      exclusive: this.exclusive,
      features: { ...this.features },
      learnRate: this.learnRate,
      l2: this.l2,
      weights: encodeFloat32(this.weights),
      bias: encodeFloat32(this.bias),
      squares: encodeFloat32(this.squares),
      biasSquares: encodeFloat32(this.biasSquares),
      ...(dense !== null && {
        vectors: dense.vectors.info,
        denseWeights: encodeFloat32(dense.weights),
        denseSquares: encodeFloat32(dense.squares),
      }),
      ...(this.priorTable !== null && {
        priorWeights: encodeFloat32(this.priorTable),
      }),
    };
  }

  /** A model saved with word vectors needs them again: `fromJSON(json, { vectors })`. */
  static fromJSON(
    json: TextClassifierJSON,
    options: { vectors?: WordVectors } = {},
  ): TextClassifier {
    if (json.kind !== 'chorus.textcat' || json.version !== 1) {
      throw new TypeError(`not a version 1 chorus.textcat model: ${json.kind} v${json.version}`);
    }
    const model = new TextClassifier(
      json.labels,
      json.exclusive,
      { ...DEFAULT_FEATURE_CONFIG, ...json.features },
      json.learnRate,
      json.l2,
      requireVectors(json.vectors, options.vectors, 'text classifier'),
    );
    model.weights.set(decodeFloat32(json.weights, model.weights.length, 'weights'));
    model.squares.set(decodeFloat32(json.squares, model.squares.length, 'squares'));
    model.bias.set(decodeFloat32(json.bias, model.bias.length, 'bias'));
    model.biasSquares.set(decodeFloat32(json.biasSquares, model.bias.length, 'biasSquares'));
    const dense = model.dense;
    if (dense !== null) {
      const size = dense.weights.length;
      dense.weights.set(decodeFloat32(json.denseWeights ?? '', size, 'denseWeights'));
      dense.squares.set(decodeFloat32(json.denseSquares ?? '', size, 'denseSquares'));
    }
    if (json.priorWeights !== undefined) {
      model.priorTable = decodeFloat32(json.priorWeights, model.weights.length, 'priorWeights');
    }
    return model;
  }

  /** Fills `this.logits` for `input`; returns the number of feature rows left in the scratch. */
  private computeLogits(input: TextcatInput): number {
    const count = extractFeatures(input, this.features, this.scratch);
    const { rows, values } = this.scratch;
    const { weights, logits } = this;
    const n = this.labels.length;
    for (let k = 0; k < n; k++) logits[k] = this.bias[k];
    const prior = this.priorTable;
    for (let i = 0; i < count; i++) {
      const base = rows[i] * n;
      const v = values[i];
      if (prior === null) for (let k = 0; k < n; k++) logits[k] += v * weights[base + k];
      else for (let k = 0; k < n; k++) logits[k] += v * (weights[base + k] + prior[base + k]);
    }
    if (this.dense !== null) this.dense.addLogits(input, logits);
    return count;
  }

  /** The probabilities of `this.logits` (sigmoids, or one softmax when exclusive). */
  private probabilitiesInto(out: Float32Array): void {
    if (this.exclusive) softmaxInto(this.logits, out);
    else for (let k = 0; k < out.length; k++) out[k] = sigmoid(this.logits[k]);
  }

  /** Loss of one example with dLoss/dlogits in `this.grad`; NaN when it teaches nothing. */
  private lossAndGradient(example: TextcatExample): number {
    if (!fillTargets(example, this.labelIndex, this.targets)) return Number.NaN;
    this.featureCount = this.computeLogits(example);
    return this.exclusive
      ? exclusiveLoss(this.logits, this.targets, this.grad)
      : multiLabelLoss(this.logits, this.targets, this.grad);
  }

  /** Loss of one example, and an AdaGrad step on it when `learn`. */
  private step(example: TextcatExample, learn: boolean): number {
    const loss = this.lossAndGradient(example);
    if (Number.isNaN(loss)) return 0;
    if (!learn) return loss;
    const { grad, weights, squares, learnRate, l2 } = this;
    const count = this.featureCount;
    const n = this.labels.length;
    const { rows, values } = this.scratch;
    for (let i = 0; i < count; i++) {
      const base = rows[i] * n;
      for (let k = 0; k < n; k++) {
        if (grad[k] === 0) continue;
        const w = base + k;
        const g = penalizedGradient(grad[k] * values[i], weights[w], l2);
        if (g === 0) continue;
        squares[w] += g * g;
        weights[w] -= (learnRate * g) / (Math.sqrt(squares[w]) + EPSILON);
      }
    }
    for (let k = 0; k < n; k++) {
      if (grad[k] === 0) continue;
      this.biasSquares[k] += grad[k] * grad[k];
      this.bias[k] -= (learnRate * grad[k]) / (Math.sqrt(this.biasSquares[k]) + EPSILON);
    }
    if (this.dense !== null) this.dense.learn(grad, learnRate, l2);
    return loss;
  }
}
