/**
 * Learning the CRF from whatever the annotators gave: full manual annotations, accepted spans,
 * rejected spans and known-outside regions, all as one loss on one sentence.
 *
 * Partial annotation as marginal likelihood (Tsuboi, Kashima, Mori, Oda & Matsumoto 2008,
 * "Training Conditional Random Fields Using Incomplete Annotations"): the accepted spans and known-O
 * tokens restrict the lattice to the set C of tag paths that agree with them, and
 *   loss_C = −log Σ_{y∈C} p(y|x) = log Z − log Z_C,   ∇ = E_p[φ] − E_{p|C}[φ].
 * Full annotation is the case where C holds one path (E_{p|C}[φ] = φ(gold)).
 *
 * A rejected span r only says "not exactly this entity" (Prodigy's ner.teach "reject"); it must not
 * teach that its tokens are O. With P = P(r | C) (exact, from forward–backward),
 *   loss_r = −log(1 − P),   ∇ = E_C[φ] − E_{C∖r}[φ] = P/(1−P) · (E_{C∩r}[φ] − E_C[φ]),
 * since E_{C∖r} = (E_C − P·E_{C∩r}) / (1 − P): one extra lattice with r forced gives it. Several
 * rejects on one sentence are independent terms.
 */
import type { NerModel } from './crf.js';
import { NER_FEATURES_PER_TOKEN, nerFeatureRows } from './features.js';
import { Lattice } from './lattice.js';
import { RowAdaGrad } from './optimizer.js';
import { type TokenSpan, checkSpan } from './tags.js';

/** One sentence's answers, merged (the trainer merges every answer per input into one example). */
export interface NerExample {
  tokens: readonly { text: string }[];
  /** `nerFeatureRows(tokens, model.features)`, computed when absent (pass it to reuse it). */
  rows?: Int32Array;
  /** Spans known to be entities: their tokens must carry exactly B…L / U of that label. */
  accept?: readonly TokenSpan[];
  /** Spans known not to be that entity (nothing is said about their tokens otherwise). */
  reject?: readonly TokenSpan[];
  /** Every token outside `accept` is O: a manual annotation, i.e. full supervision. */
  complete?: boolean;
  /** Token ranges (inclusive) known to hold no entity. */
  outside?: readonly { token_start: number; token_end: number }[];
}

/** The gradient of one example, densified (for tests and diagnostics). */
export interface NerGradient {
  loss: number;
  weights: Float64Array;
  transitions: Float64Array;
  /** ∂loss/∂(dense block) [dims × nTags], for a model with word vectors. */
  dense?: Float64Array;
}

/** P(r | C) above this means the answers contradict each other: the reject term is skipped. */
const MAX_REJECT_PROBABILITY = 1 - 1e-9;

export class NerLearner {
  private readonly model: NerModel;
  private readonly K: number;
  private readonly full: Lattice;
  private readonly constrained: Lattice;
  private readonly forced: Lattice;
  private readonly weightOptimizer: RowAdaGrad;
  private readonly transitionOptimizer: RowAdaGrad;
  private readonly transitionGrad: Float64Array;
  /** Row → slot in `rowGrad`, −1 when the row is not touched by the current sentence. */
  private readonly rowSlot: Int32Array;
  private touched = new Int32Array(0);
  private rowGrad = new Float64Array(0);
  private emissions = new Float64Array(0);
  private emissionGrad = new Float64Array(0);
  private mask = new Uint8Array(0);
  private spanMask = new Uint8Array(0);
  private nTouched = 0;
  /** Averaging step counter c (Daumé's trick): 1 + number of examples learnt. */
  private step = 1;

  /** Changes η of every table from the next step on. */
  setLearnRate(rate: number): void {
    this.weightOptimizer.learnRate = rate;
    this.transitionOptimizer.learnRate = rate;
  }

  constructor(model: NerModel) {
    this.model = model;
    const K = model.scheme.nTags;
    this.K = K;
    this.full = new Lattice(K);
    this.constrained = new Lattice(K);
    this.forced = new Lattice(K);
    const { learnRate, initialAccumulator, average } = model.options;
    const opts = { learnRate, initialAccumulator, average };
    this.weightOptimizer = new RowAdaGrad(model.weights.length / K, K, opts);
    this.transitionOptimizer = new RowAdaGrad(K * K, 1, opts);
    this.transitionGrad = new Float64Array(K * K);
    this.rowSlot = new Int32Array(model.weights.length / K).fill(-1);
  }

  /** One online AdaGrad step per example; returns the summed loss. */
  update(examples: readonly NerExample[]): number {
    let total = 0;
    for (const example of examples) {
      const loss = this.lossAndGradient(example);
      if (loss > 0) {
        total += loss;
        this.applyGradient();
      } else {
        this.clearRows();
      }
      this.step++;
    }
    return total;
  }

  /** The loss and gradient of one example, as dense arrays (parameters are left unchanged). */
  gradient(example: NerExample): NerGradient {
    const loss = this.lossAndGradient(example);
    const weights = new Float64Array(this.model.weights.length);
    for (let s = 0; s < this.nTouched; s++) {
      const row = this.touched[s]!;
      for (let k = 0; k < this.K; k++) weights[row * this.K + k] = this.rowGrad[s * this.K + k]!;
    }
    this.clearRows();
    const dense = this.model.dense;
    return {
      loss: Math.max(loss, 0),
      weights,
      transitions: Float64Array.from(this.transitionGrad),
      ...(dense !== null && {
        dense: loss > 0 ? Float64Array.from(dense.grad) : dense.grad.fill(0),
      }),
    };
  }

  /** Averaged weights and transitions (equal to the current ones when averaging is off). */
  averaged(weights: Float32Array, transitions: Float32Array, dense?: Float32Array): void {
    this.weightOptimizer.averageInto(this.model.weights, this.step, weights);
    if (dense !== undefined) this.model.dense?.averageInto(this.step, dense);
    this.transitionOptimizer.averageInto(this.model.transitions, this.step, transitions);
  }

  /**
   * Fills `emissionGrad` [T × K] (∂loss/∂emission) and `transitionGrad`, then folds the emission
   * gradient into per-row gradients. Returns the loss, 0 when there is nothing to learn, −1 when
   * the answers contradict each other (no path satisfies them).
   */
  private lossAndGradient(example: NerExample): number {
    const model = this.model;
    const K = this.K;
    const T = example.tokens.length;
    this.transitionGrad.fill(0);
    this.nTouched = 0;
    if (T === 0) return 0;
    for (const span of [...(example.accept ?? []), ...(example.reject ?? [])]) checkSpan(span, T);
    for (const range of example.outside ?? []) checkSpan(range, T);
    this.ensure(T);
    const rows = example.rows ?? nerFeatureRows(example.tokens, model.features);
    const emissions = this.emissions;
    const x = model.denseInputs(example.tokens);
    model.emissionsInto(rows, T, emissions, x);
    const grad = this.emissionGrad;
    grad.fill(0, 0, T * K);
    const table = model.transitionTable;

    let loss = 0;
    let base = this.full;
    const constrained = this.buildMask(example, T);
    const rejects = example.complete ? [] : (example.reject ?? []);
    if (constrained === null && rejects.length === 0) return 0;
    const logZ = this.full.run(emissions, T, table, null);
    if (constrained !== null) {
      const logZC = this.constrained.run(emissions, T, table, constrained);
      if (logZC === -Infinity) return -1;
      loss = logZ - logZC;
      this.full.accumulate(1, grad, this.transitionGrad, table);
      this.constrained.accumulate(-1, grad, this.transitionGrad, table);
      base = this.constrained;
    }
    for (const span of rejects) {
      const label = model.scheme.requireLabel(span.label);
      const tags = model.spanTags(label);
      const p = base.spanProbability(span.token_start, span.token_end, tags, table);
      if (!(p > 0) || p > MAX_REJECT_PROBABILITY) continue;
      const forcedMask = this.spanMask;
      if (constrained === null) forcedMask.fill(1, 0, T * K);
      else forcedMask.set(constrained.subarray(0, T * K));
      forceSpan(forcedMask, K, span.token_start, span.token_end, model, label);
      if (this.forced.run(emissions, T, table, forcedMask) === -Infinity) continue;
      loss -= Math.log1p(-p);
      const coef = p / (1 - p);
      this.forced.accumulate(coef, grad, this.transitionGrad, table);
      base.accumulate(-coef, grad, this.transitionGrad, table);
    }
    this.foldRows(rows, T);
    if (x !== undefined) model.dense?.fold(x, T, grad);
    return loss;
  }

  /** The mask of C (accepted spans, known-O tokens), or null when nothing constrains the lattice. */
  private buildMask(example: NerExample, T: number): Uint8Array | null {
    const K = this.K;
    const accepts = example.accept ?? [];
    const outside = example.outside ?? [];
    if (!example.complete && accepts.length === 0 && outside.length === 0) return null;
    const mask = this.mask;
    mask.fill(1, 0, T * K);
    const forceOutside = (t: number): void => {
      for (let k = 1; k < K; k++) mask[t * K + k] = 0;
    };
    if (example.complete) {
      for (let t = 0; t < T; t++) {
        if (!accepts.some((span) => span.token_start <= t && t <= span.token_end)) forceOutside(t);
      }
    }
    for (const range of outside) {
      for (let t = range.token_start; t <= range.token_end; t++) forceOutside(t);
    }
    // Intersections: overlapping accepts (or an accept inside a known-O range) leave a token with
    // no allowed tag, Z_C = 0, and the example is skipped as contradictory.
    for (const span of accepts) {
      const label = this.model.scheme.requireLabel(span.label);
      forceSpan(mask, K, span.token_start, span.token_end, this.model, label);
    }
    return mask;
  }

  /** ∂loss/∂W[r, k] = Σ over (t, f) with rows[t, f] = r of ∂loss/∂emission[t, k]. */
  private foldRows(rows: Int32Array, T: number): void {
    const K = this.K;
    const F = NER_FEATURES_PER_TOKEN;
    const none = this.rowSlot.length - 1;
    const grad = this.emissionGrad;
    let n = 0;
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++) {
        const row = rows[t * F + f]!;
        if (row === none) continue;
        let slot = this.rowSlot[row]!;
        if (slot < 0) {
          slot = n++;
          this.rowSlot[row] = slot;
          this.touched[slot] = row;
          this.rowGrad.fill(0, slot * K, slot * K + K);
        }
        const o = slot * K;
        const g = t * K;
        for (let k = 0; k < K; k++) this.rowGrad[o + k] += grad[g + k]!;
      }
    }
    this.nTouched = n;
  }

  private applyGradient(): void {
    const K = this.K;
    const { weights, transitions } = this.model;
    for (let s = 0; s < this.nTouched; s++) {
      this.weightOptimizer.applyRow(weights, this.touched[s]!, this.rowGrad, s * K, this.step);
    }
    // Forbidden transitions have zero expectations on both sides, hence a zero gradient.
    for (let i = 0; i < K * K; i++) {
      if (this.transitionGrad[i] !== 0) {
        this.transitionOptimizer.applyRow(transitions, i, this.transitionGrad, i, this.step);
      }
    }
    this.model.dense?.apply(this.step);
    this.model.refreshTransitions();
    this.clearRows();
  }

  private clearRows(): void {
    for (let s = 0; s < this.nTouched; s++) this.rowSlot[this.touched[s]!] = -1;
    this.nTouched = 0;
  }

  private ensure(T: number): void {
    const K = this.K;
    if (this.emissions.length >= T * K) return;
    const cap = Math.max(T, 2 * (this.emissions.length / K), 64);
    this.emissions = new Float64Array(cap * K);
    this.emissionGrad = new Float64Array(cap * K);
    this.mask = new Uint8Array(cap * K);
    this.spanMask = new Uint8Array(cap * K);
    this.touched = new Int32Array(cap * NER_FEATURES_PER_TOKEN);
    this.rowGrad = new Float64Array(cap * NER_FEATURES_PER_TOKEN * K);
  }
}

/** Restricts tokens s..e of `mask` to the B…L (or U) tags of `label`. */
function forceSpan(
  mask: Uint8Array,
  K: number,
  s: number,
  e: number,
  model: NerModel,
  label: number,
): void {
  const tags = model.spanTags(label);
  for (let t = s; t <= e; t++) {
    const keep = s === e ? tags.unit : t === s ? tags.begin : t === e ? tags.last : tags.inside;
    const o = t * K;
    for (let k = 0; k < K; k++) if (k !== keep) mask[o + k] = 0;
  }
}
