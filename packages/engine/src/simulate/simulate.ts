/**
 * The simulator: replays gold-labelled data as if an annotator answered a recipe's questions, for a
 * budget of answers and a strategy, and returns the learning curve (eval scores after every batch).
 * `trainFile` gives the reference point: batch training on all the gold.
 */
import { mergeExamples } from '../train/merge.js';
import { train, type TrainOptions } from '../train/train.js';
import { simulateNer } from './ner.js';
import {
  exclusiveGold,
  goldLabels,
  type SimulateOptions,
  type SimulationPoint,
  type SimulationResult,
} from './shared.js';
import { simulateTextcat } from './textcat.js';

export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const start = performance.now();
  if (!(options.budget >= 0)) throw new RangeError(`budget must be ≥ 0, got ${options.budget}`);
  let points: SimulationPoint[];
  if (options.recipe === 'textcat.teach') {
    const pool = mergeExamples(options.pool, 'textcat');
    const held = mergeExamples(options.eval, 'textcat');
    const labels = options.labels ?? goldLabels([...pool, ...held]);
    const exclusive = options.exclusive ?? exclusiveGold([...pool, ...held], labels);
    points = simulateTextcat(options, labels, exclusive, pool, held);
  } else if (options.recipe === 'ner.teach' || options.recipe === 'ner.manual') {
    const pool = mergeExamples(options.pool, 'ner');
    const held = mergeExamples(options.eval, 'ner');
    const labels = options.labels ?? goldLabels([...pool, ...held]);
    points = simulateNer(options, labels, pool, held);
  } else {
    throw new RangeError(`unknown recipe ${String(options.recipe)}`);
  }
  return { points, seconds: (performance.now() - start) / 1000 };
}

export interface TrainFileOptions {
  task: 'ner' | 'textcat';
  train: readonly unknown[];
  eval: readonly unknown[];
  labels?: string[];
  /** textcat: one softmax over the labels (default: when the gold is one-hot, `exclusiveGold`). */
  exclusive?: boolean;
  /** Default: the trainer's (10 NER, 5 textcat). */
  epochs?: number;
  seed?: number;
  /** Word vectors as dense features (see `TrainOptions.vectors`). */
  vectors?: TrainOptions['vectors'];
}

/**
 * Trains from blank on all of `train` and scores `eval` (best epoch): one point whose `answers` is
 * the number of training inputs, in the simulator's result shape.
 */
export async function trainFile(options: TrainFileOptions): Promise<SimulationResult> {
  const start = performance.now();
  let labels = options.labels;
  let exclusive = false;
  if (options.task === 'textcat') {
    const gold = [
      ...mergeExamples(options.train, 'textcat'),
      ...mergeExamples(options.eval, 'textcat'),
    ];
    labels ??= goldLabels(gold);
    exclusive = options.exclusive ?? exclusiveGold(gold, labels);
  } else {
    labels ??= goldLabels([
      ...mergeExamples(options.train, 'ner'),
      ...mergeExamples(options.eval, 'ner'),
    ]);
  }
  const result = await train({
    kind: options.task,
    labels,
    exclusive,
    train: options.train,
    eval: options.eval,
    epochs: options.epochs,
    seed: options.seed,
    vectors: options.vectors,
  });
  const { precision, recall, f1 } = result.metrics.best;
  return {
    points: [{ answers: result.metrics.trainExamples, f1, precision, recall }],
    seconds: (performance.now() - start) / 1000,
  };
}
