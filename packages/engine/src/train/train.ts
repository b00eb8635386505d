/**
 * Batch training from a blank model on answered tasks: merge every answer per input into one
 * example, hold out an eval set (by input hash, or the one given), run shuffled epochs, keep the
 * best epoch (highest eval F1, the earlier one on ties; the last one when there is no eval data).
 *
 * Learning rate: the models use AdaGrad, whose per-feature step η/√(h0 + Σg²) is itself the decay
 * schedule (rare features keep large steps, frequent ones anneal), and NER averages its weights
 * over all steps (Collins 2002), which plays the role of a final low learning rate. `learnRate`
 * sets η.
 *
 * The loop yields to the event loop between slices of examples, so progress callbacks and an
 * `AbortSignal` work even in the calling thread; `trainInWorker` moves it off that thread.
 */
import { mulberry32, shuffleInPlace, type Random } from '../random.js';
import { type WordVectors, type WordVectorsSource, resolveVectors } from '../vectors/index.js';
import { type ExampleKind, mergeExamples, splitByInputHash } from './merge.js';
import { createNerFit, createTextcatFit, type Fit, type ModelJSON } from './fit.js';
import type { LabelScores, Scores } from './metrics.js';

export interface TrainOptions {
  kind: ExampleKind;
  labels: string[];
  /** Answered tasks (or gold records) in Prodigy's format; see `mergeExamples`. */
  train: readonly unknown[];
  /** A separate eval set; inputs in it are removed from `train`. */
  eval?: readonly unknown[];
  /** Share held out when no `eval` is given (default 0.2), chosen by input hash. */
  evalSplit?: number;
  /** Default 10 (NER) / 5 (textcat). */
  epochs?: number;
  /** Seed of shuffling and dropout (default 0). */
  seed?: number;
  /** Input dropout rate (default 0); see `fit.ts`. */
  dropout?: number;
  /** AdaGrad step size η (default NER 0.1, textcat 0.5). */
  learnRate?: number;
  /**
   * How η changes over the epochs: `constant` (default), or `linear`, from η down to η/10 at the
   * last epoch (on top of AdaGrad's per-feature decay), which settles the weights before the
   * best epoch is kept.
   */
  learnRateSchedule?: 'constant' | 'linear';
  /** log2 rows of the feature table (default 18). */
  bits?: number;
  /** Textcat: the labels exclude each other (one softmax). */
  exclusive?: boolean;
  /**
   * Word vectors as dense features of either model: a loaded table, or a source such as
   * `{ kind: 'wink' }`, loaded once when the run starts (inside the worker for `trainInWorker`).
   * The saved model records their name; reload it with `modelFromJSON(json, { vectors })`.
   */
  vectors?: WordVectors | WordVectorsSource;
  /** Also train on 25, 50 and 75 % of the examples and report each best score. */
  curve?: boolean;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

export interface EpochMetrics extends Scores {
  epoch: number;
  /** Summed training loss of the epoch (each example's loss before its update). */
  loss: number;
  seconds: number;
}

export interface TrainProgress {
  /** Share of the training examples used by the current run (1 but in curve mode). */
  fraction: number;
  epochs: number;
  metrics: EpochMetrics;
}

export interface CurvePoint extends LabelScores {
  fraction: number;
  examples: number;
}

export interface TrainResult {
  kind: ExampleKind;
  /** The model of the best epoch. */
  model: ModelJSON;
  metrics: {
    perEpoch: EpochMetrics[];
    best: EpochMetrics;
    trainExamples: number;
    evalExamples: number;
  };
  curve?: CurvePoint[];
}

export const CURVE_FRACTIONS = [0.25, 0.5, 0.75, 1] as const;

/** Examples learnt between two yields to the event loop. */
const SLICE = 256;

export async function train(options: TrainOptions): Promise<TrainResult> {
  options.signal?.throwIfAborted();
  const { kind, labels } = options;
  const merge = (tasks: readonly unknown[]) => mergeExamples(tasks, kind, { labels });
  let trainSet: { inputHash: number }[] = merge(options.train);
  let evalSet: { inputHash: number }[];
  if (options.eval !== undefined) {
    evalSet = merge(options.eval);
    const held = new Set(evalSet.map((ex) => ex.inputHash));
    trainSet = trainSet.filter((ex) => !held.has(ex.inputHash));
  } else {
    ({ train: trainSet, eval: evalSet } = splitByInputHash(trainSet, options.evalSplit ?? 0.2));
  }
  // One shuffle decides which examples the curve's smaller runs use (nested subsets).
  shuffleInPlace(trainSet, mulberry32(options.seed ?? 0));
  const vectors = await resolveVectors(options.vectors);
  const fractions = options.curve ? CURVE_FRACTIONS : [1];
  const curve: CurvePoint[] = [];
  let full: Omit<TrainResult, 'kind' | 'curve'> | null = null;
  for (const fraction of fractions) {
    const subset = trainSet.slice(0, Math.round(fraction * trainSet.length));
    // Each run draws from its own generator: the 100 % run equals a run without `curve`.
    const run = await trainRun(
      options,
      vectors,
      subset,
      evalSet,
      fraction,
      mulberry32((options.seed ?? 0) + 1),
    );
    const { precision, recall, f1 } = run.metrics.best;
    curve.push({ fraction, examples: subset.length, precision, recall, f1 });
    full = run;
  }
  return { kind, ...full!, ...(options.curve ? { curve } : {}) };
}

async function trainRun(
  options: TrainOptions,
  vectors: WordVectors | undefined,
  trainSet: readonly unknown[],
  evalSet: readonly unknown[],
  fraction: number,
  random: Random,
): Promise<Omit<TrainResult, 'kind' | 'curve'>> {
  const settings = {
    labels: options.labels,
    learnRate: options.learnRate,
    bits: options.bits,
    exclusive: options.exclusive,
    vectors,
  };
  const fit = (
    options.kind === 'ner' ? createNerFit(settings) : createTextcatFit(settings)
  ) as Fit<unknown>;
  const examples = fit.prepare(trainSet);
  const held = fit.prepare(evalSet);
  const epochs = options.epochs ?? (options.kind === 'ner' ? 10 : 5);
  const dropout = options.dropout ?? 0;
  const perEpoch: EpochMetrics[] = [];
  let best: { metrics: EpochMetrics; save: () => ModelJSON } | null = null;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    fit.setLearnRate(scheduledRate(fit.baseLearnRate, options.learnRateSchedule, epoch, epochs));
    const start = performance.now();
    shuffleInPlace(examples, random);
    let loss = 0;
    for (let i = 0; i < examples.length; i += SLICE) {
      await nextTurn();
      options.signal?.throwIfAborted();
      loss += fit.learn(examples.slice(i, i + SLICE), dropout, random);
    }
    const { scores, save } = fit.evaluate(held);
    const metrics = { epoch, loss, seconds: (performance.now() - start) / 1000, ...scores };
    perEpoch.push(metrics);
    if (best === null || metrics.f1 > best.metrics.f1 || held.length === 0) {
      best = { metrics, save };
    }
    options.onProgress?.({ fraction, epochs, metrics });
  }
  if (best === null) throw new RangeError('epochs must be at least 1');
  return {
    model: best.save(),
    metrics: {
      perEpoch,
      best: best.metrics,
      trainExamples: examples.length,
      evalExamples: held.length,
    },
  };
}

/** Lets timers, I/O and abort signals run between two slices of work. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** η for an epoch (1-based) of `epochs` under a schedule. */
export function scheduledRate(
  base: number,
  schedule: TrainOptions['learnRateSchedule'],
  epoch: number,
  epochs: number,
): number {
  if (schedule !== 'linear' || epochs <= 1) return base;
  return base * (1 - (0.9 * (epoch - 1)) / (epochs - 1));
}
