/**
 * What the trainer needs from each kind of model, behind one interface: learn from a slice of
 * merged examples (with dropout), and score the model as it would be saved. Also the evaluation
 * functions the simulator shares.
 *
 * Dropout is on the inputs, since the models are linear: NER drops each hashed feature of each
 * token (except the per-tag bias) with probability p, by pointing its row at the model's all-zero
 * "no feature" row; textcat drops whole tokens (word dropout, Iyyer et al. 2015), which removes
 * their unigrams, character n-grams and bigrams.
 */
import { NerModel } from '../ner/crf.js';
import { NER_FEATURES_PER_TOKEN, noFeatureRow } from '../ner/features.js';
import type { NerModelJSON } from '../ner/serialize.js';
import type { Random } from '../random.js';
import type { WordVectors } from '../vectors/index.js';
import { createTextClassifier, TextClassifier, type TextClassifierJSON } from '../textcat/model.js';
import type { MergedNerExample, MergedTextcatExample } from './merge.js';
import { type Scores, SpanCounts, scoreTextcat } from './metrics.js';

export type ModelJSON = NerModelJSON | TextClassifierJSON;

export interface ModelSettings {
  labels: readonly string[];
  /** Step size η of the models' AdaGrad (default: NER 0.1, textcat 0.5). */
  learnRate?: number;
  /** log2 rows of the hashed feature table (default 18). */
  bits?: number;
  /** Textcat: one softmax over exclusive labels. */
  exclusive?: boolean;
  /** Word vectors as dense features. */
  vectors?: WordVectors;
}

export interface Fit<E> {
  /** Prepares examples once (feature rows) before the epochs. */
  prepare(examples: readonly E[]): E[];
  /** One online step per example, in order; returns the summed loss. */
  learn(examples: readonly E[], dropout: number, random: Random): number;
  /** The model's η before any schedule. */
  readonly baseLearnRate: number;
  setLearnRate(rate: number): void;
  /** Scores the model as it would be saved now; `save` serializes exactly that model. */
  evaluate(examples: readonly E[]): { scores: Scores; save: () => ModelJSON };
}

/** NER examples with their feature rows computed for `model` (reused by every epoch). */
export function withFeatureRows(
  model: NerModel,
  examples: readonly MergedNerExample[],
): MergedNerExample[] {
  return examples.map((ex) => ({ ...ex, rows: model.featureRows(ex.tokens) }));
}

/** Entity-level scores of `model` on merged examples (see `metrics.ts`). */
export function evaluateNer(model: NerModel, examples: readonly MergedNerExample[]): Scores {
  const counts = new SpanCounts(model.labels);
  for (const ex of examples) {
    counts.add(ex.accept, model.predict(ex.tokens, ex.rows), ex.complete, ex.reject);
  }
  return counts.scores();
}

/** Textcat scores of `model` on merged examples. */
export function evaluateTextcat(
  model: TextClassifier,
  examples: readonly MergedTextcatExample[],
): Scores {
  const probabilities = model.predict(examples);
  return scoreTextcat(
    model.labels,
    examples.map((ex) => ex.cats),
    probabilities,
    model.exclusive,
  );
}

export function createNerFit(settings: ModelSettings): Fit<MergedNerExample> {
  const model = new NerModel({
    labels: settings.labels,
    features: settings.bits === undefined ? {} : { bits: settings.bits },
    learnRate: settings.learnRate,
    average: true,
    vectors: settings.vectors,
  });
  const none = noFeatureRow(model.features);
  const F = NER_FEATURES_PER_TOKEN;
  let scratch = new Int32Array(0);
  return {
    baseLearnRate: model.options.learnRate,
    setLearnRate: (rate) => model.setLearnRate(rate),
    prepare: (examples) => withFeatureRows(model, examples),
    learn(examples, dropout, random) {
      if (dropout <= 0) return model.update(examples);
      let loss = 0;
      for (const ex of examples) {
        const rows = ex.rows!;
        if (scratch.length < rows.length) scratch = new Int32Array(rows.length * 2);
        const dropped = scratch.subarray(0, rows.length);
        for (let i = 0; i < rows.length; i++) {
          dropped[i] = i % F !== 0 && random() < dropout ? none : rows[i]!;
        }
        loss += model.update([{ ...ex, rows: dropped }]);
      }
      return loss;
    },
    evaluate(examples) {
      const averaged = model.averaged();
      return { scores: evaluateNer(averaged, examples), save: () => averaged.toJSON() };
    },
  };
}

export function createTextcatFit(settings: ModelSettings): Fit<MergedTextcatExample> {
  const model = createTextClassifier({
    labels: [...settings.labels],
    exclusive: settings.exclusive,
    bits: settings.bits,
    learnRate: settings.learnRate,
    vectors: settings.vectors,
  });
  return {
    baseLearnRate: model.learnRate,
    setLearnRate: (rate) => (model.learnRate = rate),
    prepare: (examples) => [...examples],
    learn(examples, dropout, random) {
      if (dropout <= 0) return model.update(examples);
      let loss = 0;
      for (const ex of examples) {
        const tokens = ex.tokens.filter(() => random() >= dropout);
        loss += model.update([{ text: ex.text, tokens, cats: ex.cats }]);
      }
      return loss;
    },
    evaluate(examples) {
      const json = model.toJSON();
      return { scores: evaluateTextcat(model, examples), save: () => json };
    },
  };
}

/** Rebuilds a model saved by the trainer (with the word vectors it was trained with, if any). */
export function modelFromJSON(
  json: ModelJSON,
  options: { vectors?: WordVectors } = {},
): NerModel | TextClassifier {
  return 'format' in json
    ? NerModel.fromJSON(json, options)
    : TextClassifier.fromJSON(json, options);
}
