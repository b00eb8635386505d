import { describe, expect, it } from 'vitest';
import { NerModel } from '../ner/crf.js';
import { nerGold, textcatGold } from '../testing/gold-factory.js';
import { TextClassifier } from '../textcat/model.js';
import { evaluateNer, evaluateTextcat, modelFromJSON, withFeatureRows } from './fit.js';
import { mergeExamples } from './merge.js';
import { CURVE_FRACTIONS, scheduledRate, train, type TrainProgress } from './train.js';

const LABELS = ['PER', 'LOC'];
const base = { kind: 'ner' as const, labels: LABELS, bits: 14, seed: 3 };

describe('train (NER)', () => {
  it('keeps the epoch with the best eval F1 and returns exactly that model', async () => {
    const heldOut = nerGold(60, 9);
    const progress: TrainProgress[] = [];
    const result = await train({
      ...base,
      train: nerGold(150, 2),
      eval: heldOut,
      epochs: 4,
      dropout: 0.3,
      onProgress: (p) => progress.push(p),
    });
    const { perEpoch, best } = result.metrics;
    expect(perEpoch.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(progress.map((p) => p.metrics)).toEqual(perEpoch);
    const bestF1 = Math.max(...perEpoch.map((e) => e.f1));
    expect(best).toEqual(perEpoch.find((e) => e.f1 === bestF1));
    expect(Object.keys(best.perLabel).sort()).toEqual(['LOC', 'PER']);
    const model = modelFromJSON(result.model) as NerModel;
    const examples = withFeatureRows(model, mergeExamples(heldOut, 'ner'));
    expect(evaluateNer(model, examples)).toEqual({ ...pick(best) });
    expect(best.f1).toBeGreaterThan(0.9);
  });

  it('removes inputs of the given eval set from training', async () => {
    const data = nerGold(100, 2);
    const result = await train({ ...base, train: data, eval: data.slice(0, 30), epochs: 1 });
    expect(result.metrics.trainExamples).toBe(70);
    expect(result.metrics.evalExamples).toBe(30);
  });

  it('holds out the same inputs by hash on every run, whatever the order', async () => {
    const data = nerGold(200, 4);
    const a = await train({ ...base, train: data, epochs: 1, evalSplit: 0.25 });
    const b = await train({ ...base, train: [...data].reverse(), epochs: 1, evalSplit: 0.25 });
    expect(a.metrics.evalExamples).toBe(b.metrics.evalExamples);
    expect(a.metrics.evalExamples).toBeGreaterThan(30);
    expect(a.metrics.evalExamples).toBeLessThan(70);
  });

  it('is deterministic given the seed, dropout included', async () => {
    const options = { ...base, train: nerGold(80, 5), epochs: 2, dropout: 0.2 };
    const [a, b] = await Promise.all([train(options), train(options)]);
    expect(a.model).toEqual(b.model);
    const c = await train({ ...options, seed: 4 });
    expect(c.model).not.toEqual(a.model);
  });

  it('trains the curve on 25, 50, 75 and 100 % of the examples; its last run is the plain run', async () => {
    const options = { ...base, train: nerGold(120, 6), eval: nerGold(40, 7), epochs: 2 };
    const fractions: number[] = [];
    const curved = await train({
      ...options,
      curve: true,
      onProgress: (p) => fractions.push(p.fraction),
    });
    const plain = await train(options);
    expect(curved.curve!.map((p) => p.fraction)).toEqual([...CURVE_FRACTIONS]);
    expect(curved.curve!.map((p) => p.examples)).toEqual([30, 60, 90, 120]);
    expect(fractions).toEqual([0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1]);
    expect(curved.curve!.at(-1)!.f1).toBe(plain.metrics.best.f1);
    expect(curved.model).toEqual(plain.model);
    expect(plain.curve).toBeUndefined();
  });

  it('stops with an AbortError when its signal is aborted, between slices of an epoch', async () => {
    const controller = new AbortController();
    const epochs: number[] = [];
    const run = train({
      ...base,
      train: nerGold(300, 8),
      epochs: 5,
      signal: controller.signal,
      onProgress: (p) => {
        epochs.push(p.metrics.epoch);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(epochs).toEqual([1]);
    await expect(train({ ...base, train: [], signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('train (textcat)', () => {
  it('reports accuracy and ROC AUC, and saves the best epoch', async () => {
    const heldOut = textcatGold(150, 2);
    const result = await train({
      kind: 'textcat',
      labels: ['POSITIVE'],
      train: textcatGold(400, 1),
      eval: heldOut,
      epochs: 3,
      bits: 14,
    });
    const { best } = result.metrics;
    expect(best.accuracy).toBeGreaterThan(0.9);
    expect(best.auc).toBeGreaterThan(0.95);
    const model = modelFromJSON(result.model) as TextClassifier;
    expect(evaluateTextcat(model, mergeExamples(heldOut, 'textcat'))).toEqual(pick(best));
  });
});

/** The scores of an epoch's metrics (without epoch, loss and time). */
function pick<T extends { epoch: number; loss: number; seconds: number }>(metrics: T) {
  const { epoch: _e, loss: _l, seconds: _s, ...scores } = metrics;
  return scores;
}

describe('learning-rate schedule', () => {
  it('decays linearly from η to η/10 over the epochs, or stays constant', () => {
    const linear = [1, 2, 3].map((e) => scheduledRate(0.5, 'linear', e, 3));
    [0.5, 0.275, 0.05].forEach((rate, i) => expect(linear[i]).toBeCloseTo(rate, 12));
    expect([1, 2, 3].map((e) => scheduledRate(0.5, 'constant', e, 3))).toEqual([0.5, 0.5, 0.5]);
    expect(scheduledRate(0.5, 'linear', 1, 1)).toBe(0.5);
  });

  it('changes what a model learns: a zero rate learns nothing, a linear schedule differs from a constant one', async () => {
    const model = new NerModel({ labels: LABELS, features: { bits: 12 } });
    const [example] = withFeatureRows(
      model,
      mergeExamples(nerGold(1, 5), 'ner', { labels: LABELS }),
    );
    model.setLearnRate(0);
    model.update([example!]);
    expect(model.weights.every((w) => w === 0)).toBe(true);
    const data = { ...base, train: nerGold(120, 4), eval: nerGold(40, 8), epochs: 3 };
    const constant = await train({ ...data, learnRateSchedule: 'constant' });
    const linear = await train({ ...data, learnRateSchedule: 'linear' });
    expect(linear.metrics.perEpoch[0]!.loss).toBeCloseTo(constant.metrics.perEpoch[0]!.loss, 6);
    expect(linear.metrics.perEpoch[2]!.loss).not.toBeCloseTo(constant.metrics.perEpoch[2]!.loss, 6);
  });
});
