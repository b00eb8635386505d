/**
 * Pieces every simulated recipe uses: the options and result shapes, seeded sampling of the pool,
 * and choosing a batch from ranked candidates with a guaranteed share for pattern matches.
 */
import type { Pattern } from '../patterns/parse.js';
import { randomInt, type Random } from '../random.js';
import { interleaveGroups, preferUncertain, rankCandidates } from '../sorters.js';
import type { Scores } from '../train/metrics.js';
import type { AnsweredTask } from '../train/tasks.js';

export type SimulatedRecipe = 'ner.teach' | 'ner.manual' | 'textcat.teach';

export interface SimulateOptions {
  recipe: SimulatedRecipe;
  /** Gold records the annotator answers from (NER: tokens + spans; textcat: `cats`). */
  pool: readonly unknown[];
  /** Gold records scored after every batch. */
  eval: readonly unknown[];
  /** Number of answers to give (fewer when the recipe runs out of questions). */
  budget: number;
  strategy: 'uncertain' | 'random';
  seed?: number;
  /** Answers between two model evaluations (default 10). */
  batchSize?: number;
  /** Labels (default: every label in the gold, sorted). */
  labels?: string[];
  /**
   * textcat.teach: the in-loop classifier is one softmax over the labels (default: when the gold
   * is one-hot, see `exclusiveGold`).
   */
  exclusive?: boolean;
  /**
   * textcat.teach: the in-loop classifier refits a prior from the inputs not asked about yet, as
   * a stream's does (default true; see `unlabeled-prior.ts` and `nextPriorRefit`).
   */
  unlabeledPrior?: boolean;
  /** Teach recipes: pattern matches are candidates too, with a guaranteed share at the start. */
  patterns?: readonly Pattern[];
  /** Share of each batch reserved for pattern matches while `answers < coldStart` (0.5). */
  patternShare?: number;
  /** Answers during which patterns keep their share (default: a quarter of the budget). */
  coldStart?: number;
  /**
   * Inputs scored per round (default 2000): a fresh seeded random sample of the pool, so a round
   * costs the same on 5k or 100k inputs, and the batch is the best of the sample.
   */
  sample?: number;
  /**
   * How teach recipes apply `uncertain` to their binary questions (default `probability`): visit
   * the questions in random order and keep each with probability max(0.05, uncertainty), as the
   * engine's `preferUncertain` stream sorter does (`ema`: its moving-average variant, Prodigy's
   * default); `rank`: the most uncertain first (`rankCandidates`), which measured worst (see
   * bench/engine/active-learning.md): asking only spans near 0.5 never asks the entities the model
   * misses. ner.manual always ranks.
   */
  teachSorter?: 'probability' | 'ema' | 'rank';
  /** ner.manual uncertainty: 1 − P(best path) (default) or mean token tag entropy. */
  manualScore?: 'least-confidence' | 'entropy';
  /** ner.teach: smallest span probability suggested (default 0.05). */
  threshold?: number;
  /**
   * Teach recipes with `uncertain`: the labels take turns in each batch, each label's questions in
   * the sorter's order (see `interleaveGroups`); `random` never does. Default: only without
   * patterns. From a blank model it is what makes uncertainty pay (CoNLL, 2,000 answers: 0.678
   * against 0.640 for the sorter alone, random 0.641), while seed patterns already give every label
   * its accepts and turns measured 0.8 point below the sorter alone (0.697 against 0.705).
   */
  balanceLabels?: boolean;
  /** Called after every evaluation. */
  onPoint?: (point: SimulationPoint) => void;
  /**
   * Called with every answered task, in Prodigy's format (`_view_id`, `_input_hash`,
   * `_task_hash`, `meta.score`, `meta.pattern`), e.g. to save the simulated dataset.
   */
  onAnswer?: (task: AnsweredTask) => void;
}

export interface SimulationPoint {
  answers: number;
  f1: number;
  precision: number;
  recall: number;
}

export interface SimulationResult {
  points: SimulationPoint[];
  seconds: number;
}

export function toPoint(answers: number, scores: Scores): SimulationPoint {
  return { answers, f1: scores.f1, precision: scores.precision, recall: scores.recall };
}

/**
 * Up to `k` distinct random items of `items`: a partial Fisher–Yates shuffle that moves them to
 * the front of the array (which it reorders) and returns a copy of that front.
 */
export function sampleInPlace<T>(items: T[], k: number, random: Random): T[] {
  const n = Math.min(k, items.length);
  for (let i = 0; i < n; i++) {
    const j = i + randomInt(random, items.length - i);
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
  return items.slice(0, n);
}

/**
 * The order in which to consider scored binary questions under the options' strategy; with the
 * questions' `labels` (label indices), `uncertain` lets the labels take turns (`balanceLabels`).
 */
export function orderQuestions(
  scores: readonly number[],
  options: SimulateOptions,
  random: Random,
  labels?: ArrayLike<number>,
): Int32Array {
  const seed = randomInt(random, 2 ** 31);
  const sorter = options.teachSorter ?? 'probability';
  const balance = labels !== undefined && (options.balanceLabels ?? !options.patterns?.length);
  if (options.strategy === 'random') return rankCandidates(scores, { strategy: 'random', seed });
  if (sorter === 'rank') {
    const ranked = rankCandidates(scores, { strategy: 'uncertain', seed });
    return balance ? interleaveGroups(ranked, labels) : ranked;
  }
  const shuffled = rankCandidates(scores, { strategy: 'random', seed });
  const items = Array.from(shuffled, (i) => ({ i, score: scores[i]! }));
  const kept: number[] = [];
  for (const item of preferUncertain(items, { algorithm: sorter, seed: seed + 1 })) {
    kept.push(item.i);
  }
  const keptSet = new Set(kept);
  // The questions the sorter skipped follow, so a batch still fills when few questions are left.
  const skipped = Array.from(shuffled).filter((i) => !keptSet.has(i));
  const first = balance ? interleaveGroups(kept, labels) : kept;
  return Int32Array.from([...first, ...skipped]);
}

/**
 * The first `size` candidates of `order` (best first), taking up to `patternQuota` pattern matches
 * before anything else.
 */
export function pickBatch(
  order: Int32Array,
  fromPattern: (index: number) => boolean,
  size: number,
  patternQuota = 0,
): number[] {
  const picked: number[] = [];
  const taken = new Set<number>();
  if (patternQuota > 0) {
    for (const i of order) {
      if (picked.length >= Math.min(patternQuota, size)) break;
      if (fromPattern(i)) {
        picked.push(i);
        taken.add(i);
      }
    }
  }
  for (const i of order) {
    if (picked.length >= size) break;
    if (!taken.has(i)) picked.push(i);
  }
  return picked;
}

/** The number of pattern matches a batch must hold at this point of the run. */
export function patternQuota(options: SimulateOptions, answers: number, size: number): number {
  if (!options.patterns?.length) return 0;
  const coldStart = options.coldStart ?? Math.floor(options.budget / 4);
  return answers < coldStart ? Math.ceil((options.patternShare ?? 0.5) * size) : 0;
}

/** Labels of gold records when none are given: span labels or `cats` keys, sorted. */
export function goldLabels(
  examples: readonly (
    { accept: readonly { label: string }[] } | { cats: Record<string, number> }
  )[],
): string[] {
  const labels = new Set<string>();
  for (const ex of examples) {
    if ('cats' in ex) for (const label of Object.keys(ex.cats)) labels.add(label);
    else for (const span of ex.accept) labels.add(span.label);
  }
  return [...labels].sort();
}

/**
 * Whether textcat gold holds exclusive labels: two or more labels, and every record gives each of
 * them, exactly one at 1 (spaCy's `cats` for an exclusive `textcat`, where multi-label data would
 * have some record with no label or several). Such data trains one softmax: an arg-max decision
 * always names one label, where independent sigmoids may name none or two.
 */
export function exclusiveGold(
  examples: readonly { cats: Record<string, number> }[],
  labels: readonly string[],
): boolean {
  if (labels.length < 2 || examples.length === 0) return false;
  return examples.every((ex) => {
    let positives = 0;
    for (const label of labels) {
      const value = ex.cats[label];
      if (value === undefined) return false;
      if (value >= 0.5) positives++;
    }
    return positives === 1;
  });
}
