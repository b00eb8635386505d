/**
 * Pieces every simulated recipe uses: the options and result shapes, the order the simulated
 * stream reads its pool in, and the evaluation points of the learning curve.
 */
import type { Pattern } from '../patterns/parse.js';
import { mulberry32, randomInt, type Random } from '../random.js';
import type { Scores } from '../train/metrics.js';
import type { AnsweredTask } from '../train/tasks.js';

export type SimulatedRecipe = 'ner.teach' | 'ner.manual' | 'textcat.teach';

/**
 * A simulation replays a single-session stream (see `replayStream`): the same proposals, scores,
 * priorities, label turns, pattern warm-up and candidate pool as a stream, answered from gold.
 */
export interface SimulateOptions {
  recipe: SimulatedRecipe;
  /** Gold records the annotator answers from (NER: tokens + spans; textcat: `cats`). */
  pool: readonly unknown[];
  /** Gold records scored after every batch. */
  eval: readonly unknown[];
  /** Number of answers to give (fewer when the recipe runs out of questions). */
  budget: number;
  /** The stream's sorter: `uncertain`, or `random` (a stable draw by task hash). */
  strategy: 'uncertain' | 'random';
  /**
   * The order the stream reads the pool in: 0 (default) the pool's own order, as a stream reads
   * the source it was imported into; any other seed a seeded shuffle of it.
   */
  seed?: number;
  /** Answers between two model evaluations (default 10). */
  batchSize?: number;
  /** Labels (default: every label in the gold, sorted); pattern labels join them, as in streams. */
  labels?: string[];
  /**
   * textcat.teach: the in-loop classifier is one softmax over the labels (default: when the gold
   * is one-hot, see `exclusiveGold`).
   */
  exclusive?: boolean;
  /**
   * textcat.teach: the in-loop classifier refits a prior from the inputs nobody answered yet, as
   * a stream's does (default true; false measures the answers alone; see `unlabeled-prior.ts`).
   */
  unlabeledPrior?: boolean;
  /**
   * Teach recipes: pattern matches are questions too, asked first while the model has learnt
   * fewer than `PATTERN_WARMUP_ANSWERS` answers.
   */
  patterns?: readonly Pattern[];
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

/** The pool in the order the simulated stream reads it (see `SimulateOptions.seed`). */
export function sourceOrder<T>(pool: readonly T[], seed = 0): readonly T[] {
  return seed === 0 ? pool : sampleInPlace([...pool], pool.length, mulberry32(seed));
}

/** The labels a stream teaches: the given ones, then those only patterns name. */
export function taughtLabels(
  labels: readonly string[],
  patterns: readonly Pattern[] = [],
): string[] {
  const taught = [...labels];
  for (const { label } of patterns) if (!taught.includes(label)) taught.push(label);
  return taught;
}

/**
 * The learning curve: an evaluation after every `batchSize` answers, and after the last answer
 * when the run ends between two.
 */
export function evaluationPoints(options: SimulateOptions, evaluate: () => Scores) {
  const points: SimulationPoint[] = [];
  const batchSize = Math.max(1, options.batchSize ?? 10);
  let last = 0;
  const record = (answers: number) => {
    const point = toPoint(answers, evaluate());
    points.push(point);
    options.onPoint?.(point);
    last = answers;
  };
  return {
    answered(answers: number): void {
      if (answers % batchSize === 0) record(answers);
    },
    /** Closes the curve at `answers`, the run's last answer count. */
    close(answers: number): SimulationPoint[] {
      if (answers > last) record(answers);
      return points;
    },
  };
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
