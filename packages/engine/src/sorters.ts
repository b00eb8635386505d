/**
 * Sorters choose which scored tasks to ask about, as Prodigy's `prefer_uncertain` and
 * `prefer_high_scores` do. Streams are (potentially endless) iterables filtered lazily: an item not
 * chosen is skipped, never held back. The server's priority pool instead ranks a batch of
 * candidates with `rankCandidates`. Everything random is seeded, so a run can be replayed.
 */
import { mulberry32, shuffleInPlace } from './random.js';

export interface Scored {
  /** A model probability in [0, 1]. */
  score: number;
}

export interface SorterOptions {
  /**
   * `ema` (default): keep an item when its figure of merit is at least the exponential moving
   * average of the recent ones (plus `stdDevs` moving standard deviations), so the sorter adapts
   * to the model's current calibration. `probability`: keep an item with probability equal to its
   * figure of merit (floored at `minKeep`), trusting the scores as they are.
   */
  algorithm?: 'ema' | 'probability';
  /** Uncertainty peaks at score 0.5 + bias instead of 0.5 (prefer_uncertain only). */
  bias?: number;
  /** Seed of the `probability` draws. */
  seed?: number;
  /** EMA smoothing α: weight of the newest item (default 0.1, about the last 10–20 items). */
  smoothing?: number;
  /** Standard deviations above the average required by `ema` (default 0: about half pass). */
  stdDevs?: number;
  /** Least keep probability of `probability` (default `MIN_KEEP`). */
  minKeep?: number;
}

/** Uncertainty of a probability: 1 at 0.5 + bias, falling linearly to 0 at the farther end. */
export function uncertainty(score: number, bias = 0): number {
  const center = Math.min(1, Math.max(0, 0.5 + bias));
  const span = Math.max(center, 1 - center);
  return Math.max(0, 1 - Math.abs(score - center) / span);
}

/** Least keep probability of the `probability` algorithm: even all-certain streams still flow. */
export const MIN_KEEP = 0.05;

/**
 * How likely the `probability` algorithm keeps an item of this figure of merit. The server's
 * priority pool draws binary questions with these weights too.
 */
export function keepProbability(merit: number, minKeep = MIN_KEEP): number {
  return Math.max(minKeep, merit);
}

/** Keeps the items whose scores are closest to 0.5 (+ bias). */
export function preferUncertain<T extends Scored>(
  stream: Iterable<T>,
  options: SorterOptions = {},
): Generator<T> {
  const bias = options.bias ?? 0;
  return filterByMerit(stream, (item) => uncertainty(item.score, bias), options);
}

/** Keeps the items with the highest scores. */
export function preferHighScores<T extends Scored>(
  stream: Iterable<T>,
  options: SorterOptions = {},
): Generator<T> {
  return filterByMerit(stream, (item) => item.score, options);
}

function* filterByMerit<T>(
  stream: Iterable<T>,
  merit: (item: T) => number,
  options: SorterOptions,
): Generator<T> {
  if (options.algorithm === 'probability') {
    const random = mulberry32(options.seed ?? 0);
    const minKeep = options.minKeep ?? MIN_KEEP;
    for (const item of stream) if (random() < keepProbability(merit(item), minKeep)) yield item;
    return;
  }
  const alpha = options.smoothing ?? 0.1;
  const stdDevs = options.stdDevs ?? 0;
  let mean = Number.NaN;
  let variance = 0;
  for (const item of stream) {
    const x = merit(item);
    if (Number.isNaN(mean)) {
      mean = x;
      yield item;
      continue;
    }
    const keep = x >= mean + stdDevs * Math.sqrt(variance);
    // Exponentially weighted mean and variance (Finch 2009, "Incremental calculation of weighted
    // mean and variance", §9): δ = x − μ; μ += αδ; σ² = (1 − α)(σ² + αδ²).
    const delta = x - mean;
    mean += alpha * delta;
    variance = (1 - alpha) * (variance + alpha * delta * delta);
    if (keep) yield item;
  }
}

/**
 * Every item in a seeded random order, shuffled within a sliding buffer of `bufferSize` items so an
 * endless stream can be shuffled in bounded memory (a finite stream no longer than the buffer gets
 * a uniform permutation).
 */
export function* randomOrder<T>(
  stream: Iterable<T>,
  options: { seed?: number; bufferSize?: number } = {},
): Generator<T> {
  const random = mulberry32(options.seed ?? 0);
  const size = Math.max(1, options.bufferSize ?? 1000);
  const buffer: T[] = [];
  for (const item of stream) {
    if (buffer.length < size) {
      buffer.push(item);
      continue;
    }
    const j = Math.floor(random() * size);
    yield buffer[j];
    buffer[j] = item;
  }
  yield* shuffleInPlace(buffer, random);
}

export interface RankOptions {
  /** `uncertain`: closest to 0.5 + bias first; `high`: highest first; `random`: seeded shuffle. */
  strategy: 'uncertain' | 'high' | 'random';
  bias?: number;
  seed?: number;
}

/**
 * Batch form for a priority pool: the indices of `scores`, best question first. Ties keep their
 * input order, so equal scores are asked first-come first-served.
 */
export function rankCandidates(scores: ArrayLike<number>, options: RankOptions): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  if (options.strategy === 'random') {
    const random = mulberry32(options.seed ?? 0);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
  const merit = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    merit[i] = options.strategy === 'uncertain' ? uncertainty(scores[i], options.bias) : scores[i];
  }
  return order.sort((a, b) => merit[b] - merit[a] || a - b);
}

/**
 * `order` (indices, best first) with its groups taking turns: the first item of every group, then
 * the second of every group, and so on. Each group keeps its items' order, and the groups go in the
 * order of their first items. `groups[i]` is item i's group, e.g. the label of a ner.teach question.
 *
 * Binary questions over several labels need it. From a blank model, every token is proposed under
 * every label and nearly all are rejected; the labels that happen to get accepts climb towards
 * P = 0.5 while the others sink to the bottom of the proposals. Uncertainty alone then asks about
 * one or two labels only, and a label that is never asked is never learnt (replaying CoNLL without
 * patterns, PER, the most frequent label, got 4 questions in 100 after the first 100 answers, all
 * rejected, while random questions found its names). Taking turns
 * gives every label its own most uncertain questions in every batch, as teaching one label at a
 * time (Prodigy's advice for ner.teach) would, without one session per label.
 */
export function interleaveGroups(order: ArrayLike<number>, groups: ArrayLike<number>): Int32Array {
  const byGroup = new Map<number, number[]>();
  for (let p = 0; p < order.length; p++) {
    const i = order[p]!;
    const group = groups[i]!;
    const items = byGroup.get(group);
    if (items === undefined) byGroup.set(group, [i]);
    else items.push(i);
  }
  const out = new Int32Array(order.length);
  const queues = [...byGroup.values()];
  let n = 0;
  for (let round = 0; n < out.length; round++) {
    for (const items of queues) if (round < items.length) out[n++] = items[round]!;
  }
  return out;
}

/** Uncertainty of a whole structure from the probability of its best analysis (Viterbi path). */
export function leastConfidence(bestPathProbability: number): number {
  return 1 - bestPathProbability;
}

/**
 * Mean per-token entropy of tag marginals, normalized to [0, 1] by log(nTags):
 * (1/T) Σ_t −Σ_y p(y|t) log p(y|t) / log|Y|. `marginals` is row-major tokens × tags.
 */
export function meanTokenEntropy(marginals: ArrayLike<number>, nTags: number): number {
  if (nTags < 2 || marginals.length % nTags !== 0) {
    throw new RangeError(`marginals length ${marginals.length} is not a multiple of ${nTags} tags`);
  }
  const nTokens = marginals.length / nTags;
  if (nTokens === 0) return 0;
  let total = 0;
  for (let i = 0; i < marginals.length; i++) {
    const p = marginals[i];
    if (p > 0) total -= p * Math.log(p);
  }
  return total / nTokens / Math.log(nTags);
}
