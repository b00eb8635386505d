/** The NER model's option and result types (kept apart so `crf.ts` stays about the model). */
import type { Span } from '../types.js';
import type { WordVectors } from '../vectors/index.js';
import type { NerFeatureConfig } from './features.js';

export interface NerModelOptions {
  labels: readonly string[];
  /** Hashing config; memory is (2^bits + 1) × (1 + 4 × labels) floats (×3 while averaging). */
  features?: Partial<NerFeatureConfig>;
  /** AdaGrad step size η (default 0.1). */
  learnRate?: number;
  /** AdaGrad initial accumulator h0 (default 0.1). */
  initialAccumulator?: number;
  /** Keep totals for averaged weights, for batch training (default false). */
  average?: boolean;
  /** Word vectors: each token's (unit-norm) vector becomes dense features of its emission. */
  vectors?: WordVectors;
}

export interface NerLearnOptions {
  learnRate: number;
  initialAccumulator: number;
  average: boolean;
}

/** A predicted or suggested entity with its exact marginal probability. */
export interface ScoredSpan extends Span {
  score: number;
}

export interface NerSentencePrediction {
  spans: ScoredSpan[];
  /** Probability of the whole Viterbi path (1 − least confidence). */
  pathProbability: number;
  /** Token tag marginals [T × nTags], tag order of `model.scheme` (0 = O). */
  marginals: Float64Array;
}

/** Tag ids of one label's B, I, L and U tags. */
export interface SpanTags {
  begin: number;
  inside: number;
  last: number;
  unit: number;
}
