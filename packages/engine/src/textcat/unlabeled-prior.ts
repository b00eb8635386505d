/**
 * A prior for the in-loop text classifier learnt from the inputs nobody has answered yet: the
 * model labels them softly with its own probabilities, and a multinomial naive Bayes fitted on
 * those soft labels (binarized features) adds its log-odds to the classifier's logits. It is one
 * EM step of semi-supervised naive Bayes (Nigam, McCallum, Thrun & Mitchell 2000), used as the
 * prior of the discriminative model as pool-based active learning with EM does (McCallum & Nigam
 * 1998): a feature that keeps company with what the model already recognises, in texts nobody
 * has labelled, takes some of its weight. The classifier's own weights learn the answers on top.
 *
 * For label k, with p_k(x) the model's probability on unlabelled input x and [f ∈ x] presence:
 *   c⁺_f = Σ_x p_k(x)·[f ∈ x],  c⁻_f = Σ_x (1 − p_k(x))·[f ∈ x],  C± = Σ_f c±_f
 *   R[f, k] = γ·( ln(α + c⁺_f) − ln(αV + C⁺) − ln(α + c⁻_f) + ln(αV + C⁻) )
 * with α the Laplace smoothing and V the number of feature rows seen. The classifier adds
 * Σ_i values_i · R[rows_i, k] to z_k: the same unit-norm values as its weights, so the prior
 * scales with a text's length as they do (raw MNB log-odds grow with length and swamp long
 * texts). As W + R it is still one linear model (what the ONNX graph holds). NB's class prior
 * ln(n⁺/n⁻) is left out: a model that predicts mostly one label would push its own bias further
 * that way at every refit (EM's drift, seen with 15 answers on the synthetic tests); the bias
 * stays the classifier's, learnt from the answers.
 *
 * There is nothing to gain once every input is answered, and a batch training run has no
 * unlabelled inputs: the prior only ever helps a model in the loop. Measured in
 * bench/engine/active-learning.md (subj, sms-spam, SpamAssassin): γ = 0.6 and α = 1.
 */

export interface UnlabeledPriorOptions {
  /** γ: the weight of the naive Bayes log-odds (default 0.6). */
  strength?: number;
  /** α: Laplace smoothing of the feature counts (default 1). */
  smoothing?: number;
}

export const DEFAULT_PRIOR_STRENGTH = 0.6;
const DEFAULT_SMOOTHING = 1;

/** At most this many unlabelled inputs (a seeded random sample) make a prior. */
export const PRIOR_SAMPLE = 20_000;

/**
 * After how many answers an in-loop model refits its prior next, having last done so at
 * `answers` (0: never): after 125, 250 and 500 answers, then every 500. Each refit moves every
 * score at once, which the weights take a few answers to follow, so refits are spaced out as the
 * answers they add matter less (every 250 measured worse on subj than every 500).
 */
export function nextPriorRefit(answers: number): number {
  return answers < 125 ? 125 : answers < 500 ? answers * 2 : answers + 500;
}

/** Soft feature counts of unlabelled inputs, filled by `TextClassifier.countUnlabeled`. */
export class UnlabeledCounts {
  private readonly positive: Float32Array;
  private readonly negative: Float32Array;
  private readonly seen: Uint8Array;
  private readonly totals: Float64Array;
  private distinctRows = 0;
  /** Inputs counted so far. */
  inputs = 0;

  constructor(
    readonly rows: number,
    readonly labels: number,
  ) {
    this.positive = new Float32Array(rows * labels);
    this.negative = new Float32Array(rows * labels);
    this.seen = new Uint8Array(rows);
    // [C⁺_k, C⁻_k] per label.
    this.totals = new Float64Array(2 * labels);
  }

  /** Counts one input: its unique feature `rows[0..count)` and its label probabilities. */
  add(rows: Int32Array, count: number, probabilities: Float32Array): void {
    const L = this.labels;
    for (let i = 0; i < count; i++) {
      const row = rows[i];
      if (this.seen[row] === 0) {
        this.seen[row] = 1;
        this.distinctRows++;
      }
      const base = row * L;
      for (let k = 0; k < L; k++) {
        this.positive[base + k] += probabilities[k];
        this.negative[base + k] += 1 - probabilities[k];
      }
    }
    for (let k = 0; k < L; k++) {
      this.totals[2 * k] += count * probabilities[k];
      this.totals[2 * k + 1] += count * (1 - probabilities[k]);
    }
    this.inputs++;
  }

  /**
   * The prior these counts give (see the module comment), a rows × labels table like the
   * classifier's weights; null when nothing was counted.
   */
  prior(options: UnlabeledPriorOptions = {}): Float32Array | null {
    if (this.inputs === 0) return null;
    const gamma = options.strength ?? DEFAULT_PRIOR_STRENGTH;
    const alpha = options.smoothing ?? DEFAULT_SMOOTHING;
    const L = this.labels;
    const weights = new Float32Array(this.rows * L);
    const norm = new Float64Array(L);
    const smoothing = alpha * this.distinctRows;
    for (let k = 0; k < L; k++) {
      norm[k] =
        Math.log(smoothing + this.totals[2 * k + 1]) - Math.log(smoothing + this.totals[2 * k]);
    }
    for (let i = 0; i < weights.length; i++) {
      const k = i % L;
      weights[i] =
        gamma * (Math.log(alpha + this.positive[i]) - Math.log(alpha + this.negative[i]) + norm[k]);
    }
    return weights;
  }
}
