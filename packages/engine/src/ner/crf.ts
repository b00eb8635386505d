/**
 * The NER model: a linear-chain CRF over BILUO tags whose emission scores are sums of hashed
 * feature rows, `emission[t, k] = Σ_f W[rows[t, f], k]`, plus a K × K transition matrix masked by
 * the BILUO grammar. Inference is exact (Viterbi, forward–backward); learning is online AdaGrad
 * over full or partial annotations (see `learn.ts`).
 */
import { decodeFloat32, encodeFloat32 } from '../float32-base64.js';
import type { Token } from '../types.js';
import { type WordVectors, requireVectors } from '../vectors/index.js';
import { NerDecoder } from './decoder.js';
import { NerDense } from './dense.js';
import type {
  NerLearnOptions,
  NerModelOptions,
  NerSentencePrediction,
  ScoredSpan,
  SpanTags,
} from './model-types.js';
import {
  DEFAULT_NER_FEATURES,
  NER_FEATURES_PER_TOKEN,
  NER_FEATURES_VERSION,
  type NerFeatureConfig,
  nerFeatureRows,
} from './features.js';
import { NerLearner, type NerExample, type NerGradient } from './learn.js';
import { buildTransitionTable, type TransitionTable } from './lattice.js';
import {
  NER_MODEL_FORMAT,
  NER_MODEL_VERSION,
  type NerModelJSON,
  checkNerModelJSON,
} from './serialize.js';
import type { SuggestOptions } from './spans.js';
import { TagScheme, type TokenSpan } from './tags.js';

export type * from './model-types.js';

export class NerModel {
  readonly scheme: TagScheme;
  readonly features: NerFeatureConfig;
  readonly options: NerLearnOptions;
  /** [(2^bits + 1) × nTags]; the last row is the "no feature" row and stays zero. */
  readonly weights: Float32Array;
  /** [nTags × nTags], from-tag major; entries the grammar forbids are never used nor learnt. */
  readonly transitions: Float32Array;
  /** The word-vector block, null without vectors (the sparse path then runs as before). */
  readonly dense: NerDense | null;
  /** Examples learnt so far (a cheap model version). */
  updates = 0;
  readonly transitionTable: TransitionTable;
  /** Inference on the emissions `analyze` writes into it (shared with the ONNX backend). */
  private readonly decoder: NerDecoder;
  private learner: NerLearner | null = null;

  constructor(options: NerModelOptions) {
    this.scheme = new TagScheme(options.labels);
    this.features = { ...DEFAULT_NER_FEATURES, ...options.features };
    if (!(this.features.bits >= 1 && this.features.bits <= 24)) {
      throw new RangeError(`features.bits must be in 1..24, got ${this.features.bits}`);
    }
    this.options = {
      learnRate: options.learnRate ?? 0.1,
      initialAccumulator: options.initialAccumulator ?? 0.1,
      average: options.average ?? false,
    };
    const K = this.scheme.nTags;
    this.weights = new Float32Array(((1 << this.features.bits) + 1) * K);
    this.transitions = new Float32Array(K * K);
    this.dense = options.vectors ? new NerDense(options.vectors, K, this.options) : null;
    this.transitionTable = this.buildTable();
    this.decoder = new NerDecoder(this.scheme, this.transitionTable);
  }

  get labels(): readonly string[] {
    return this.scheme.labels;
  }

  get nTags(): number {
    return this.scheme.nTags;
  }

  spanTags(label: number): SpanTags {
    return this.decoder.spanTags(label);
  }

  featureRows(tokens: readonly { text: string }[]): Int32Array {
    return nerFeatureRows(tokens, this.features);
  }

  get vectors(): WordVectors | undefined {
    return this.dense?.vectors;
  }

  /** The dense inputs [T × dims] for `emissionsInto`; undefined without vectors. */
  denseInputs(tokens: readonly { text: string }[]): Float32Array | undefined {
    return this.dense?.inputs(tokens);
  }

  /** emission[t, k] = Σ_f W[rows[t, f], k] (+ the dense part given `dense`), into `out` [T × K]. */
  emissionsInto(rows: Int32Array, T: number, out: Float64Array, dense?: Float32Array): void {
    const K = this.scheme.nTags;
    const F = NER_FEATURES_PER_TOKEN;
    const W = this.weights;
    // Tag-outer order keeps the running sum in a register (faster than F passes over out[t]).
    for (let t = 0; t < T; t++) {
      const r = t * F;
      for (let k = 0; k < K; k++) {
        let sum = 0;
        for (let f = 0; f < F; f++) sum += W[rows[r + f]! * K + k]!;
        out[t * K + k] = sum;
      }
    }
    if (dense !== undefined) this.dense?.addEmissions(dense, T, out);
  }

  /** Call after changing `transitions` directly (learning does it itself). */
  refreshTransitions(): void {
    this.buildTable(this.transitionTable);
  }

  /** The best (Viterbi) entities, each scored by its exact marginal probability. */
  predict(tokens: readonly Token[], rows?: Int32Array): ScoredSpan[] {
    if (tokens.length === 0) return [];
    this.analyze(tokens, rows);
    return this.decoder.predict(tokens);
  }

  /**
   * `predict` plus what uncertainty sorters need: P(best path) = exp(score(y*) − log Z) and the
   * token marginals [T × nTags].
   */
  predictSentence(tokens: readonly Token[], rows?: Int32Array): NerSentencePrediction {
    this.analyze(tokens, rows);
    return this.decoder.predictSentence(tokens);
  }

  /** Token tag marginals [T × nTags] (row t sums to 1). */
  tokenMarginals(tokens: readonly { text: string }[], rows?: Int32Array): Float64Array {
    this.analyze(tokens, rows);
    return this.decoder.tokenMarginals();
  }

  /** Exact P(tokens token_start..token_end form exactly one entity of `label`). */
  spanMarginal(tokens: readonly { text: string }[], span: TokenSpan, rows?: Int32Array): number {
    this.analyze(tokens, rows);
    return this.decoder.spanMarginal(span);
  }

  /** Candidate entities for binary annotation (ner.teach): every span with P ≥ threshold. */
  suggest(tokens: readonly Token[], options: SuggestOptions = {}, rows?: Int32Array): ScoredSpan[] {
    if (tokens.length === 0) return [];
    this.analyze(tokens, rows);
    return this.decoder.suggest(tokens, options);
  }

  /** Learns from answered sentences (one AdaGrad step each); returns the summed loss. */
  /** Changes η from the next update on (the batch trainer's learning-rate schedule). */
  setLearnRate(rate: number): void {
    (this.options as { learnRate: number }).learnRate = rate;
    this.learner?.setLearnRate(rate);
  }

  update(examples: readonly NerExample[]): number {
    this.learner ??= new NerLearner(this);
    const loss = this.learner.update(examples);
    this.updates += examples.length;
    return loss;
  }

  /** Loss and dense gradient of one example, parameters unchanged (for checks). */
  gradient(example: NerExample): NerGradient {
    this.learner ??= new NerLearner(this);
    return this.learner.gradient(example);
  }

  /** A copy holding the averaged weights (the current ones if averaging is off), for eval/export. */
  averaged(): NerModel {
    const copy = this.emptyCopy();
    if (this.learner === null) {
      copy.weights.set(this.weights);
      copy.transitions.set(this.transitions);
      if (copy.dense !== null) copy.dense.weights.set(this.dense!.weights);
    } else {
      this.learner.averaged(copy.weights, copy.transitions, copy.dense?.weights);
    }
    copy.refreshTransitions();
    copy.updates = this.updates;
    return copy;
  }

  /** Weights (not the optimizer state: AdaGrad steps restart after loading), labels, config. */
  toJSON(): NerModelJSON {
    return {
      format: NER_MODEL_FORMAT,
      version: NER_MODEL_VERSION,
      labels: [...this.labels],
      features: { ...this.features, version: NER_FEATURES_VERSION },
      options: { ...this.options },
      updates: this.updates,
      weights: encodeFloat32(this.weights),
      transitions: encodeFloat32(this.transitions),
      ...(this.dense !== null && {
        vectors: this.dense.vectors.info,
        denseWeights: encodeFloat32(this.dense.weights),
      }),
    };
  }

  /** A model saved with word vectors needs them again: `fromJSON(json, { vectors })`. */
  static fromJSON(json: NerModelJSON, options: { vectors?: WordVectors } = {}): NerModel {
    checkNerModelJSON(json);
    const { bits, seed } = json.features;
    const vectors = requireVectors(json.vectors, options.vectors, 'NER model');
    const model = new NerModel({
      labels: json.labels,
      features: { bits, seed },
      ...json.options,
      vectors,
    });
    model.weights.set(decodeFloat32(json.weights, model.weights.length, 'weights'));
    model.transitions.set(decodeFloat32(json.transitions, model.transitions.length, 'transitions'));
    if (model.dense !== null) {
      const size = model.dense.weights.length;
      model.dense.weights.set(decodeFloat32(json.denseWeights ?? '', size, 'denseWeights'));
    }
    model.refreshTransitions();
    model.updates = json.updates;
    return model;
  }

  /** A blank model with the same labels, features and options. */
  emptyCopy(): NerModel {
    return new NerModel({
      labels: this.labels,
      features: this.features,
      ...this.options,
      vectors: this.vectors,
    });
  }

  /** The sentence's emissions into the decoder, then forward–backward. */
  private analyze(tokens: readonly { text: string }[], rows?: Int32Array): void {
    const T = tokens.length;
    const emissions = this.decoder.emissionBuffer(T);
    this.emissionsInto(rows ?? this.featureRows(tokens), T, emissions, this.denseInputs(tokens));
    this.decoder.analyze(T);
  }

  private buildTable(into?: TransitionTable): TransitionTable {
    const s = this.scheme;
    return buildTransitionTable(
      this.transitions,
      s.allowed,
      s.startAllowed,
      s.endAllowed,
      s.nTags,
      into,
    );
  }
}
