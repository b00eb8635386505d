import { describe, expect, it } from 'vitest';
import { mulberry32, shuffleInPlace } from '../random.js';
import { syntheticVectors } from '../vectors/testing.js';
import { NerModel } from './crf.js';
import type { NerExample } from './learn.js';

// Classes: 0 = PER words, 1 = LOC words, 2 = ordinary (O) words.
const { vectors, words } = syntheticVectors(3, 40);
const LABELS = ['PER', 'LOC'];

/** 4-token sentences of O words with one PER or LOC word at a random place. */
function sentences(part: number, n: number, seed: number): NerExample[] {
  const random = mulberry32(seed);
  const pick = (c: number) => {
    const pool = words[c]!.slice(part * 20, part * 20 + 20);
    return pool[Math.floor(random() * pool.length)]!;
  };
  return Array.from({ length: n }, (_, i) => {
    const c = i % 2;
    const at = Math.floor(random() * 4);
    const tokens = [0, 1, 2, 3].map((t) => ({ text: t === at ? pick(c) : pick(2) }));
    return {
      tokens,
      accept: [{ token_start: at, token_end: at, label: LABELS[c]! }],
      complete: true,
    };
  });
}

function accuracy(model: NerModel, examples: NerExample[]): number {
  let right = 0;
  for (const e of examples) {
    const tokens = e.tokens.map((t, id) => ({
      ...t,
      start: id * 8,
      end: id * 8 + 7,
      id,
      ws: true,
    }));
    const found = model.predict(tokens);
    const gold = e.accept![0]!;
    const ok = found.length === 1 && found[0]!.token_start === gold.token_start;
    if (ok && found[0]!.label === gold.label) right++;
  }
  return right / examples.length;
}

describe('NER with word vectors', () => {
  it('has the dense gradient of finite differences', () => {
    const model = new NerModel({ labels: LABELS, features: { bits: 8 }, vectors });
    model.update(sentences(0, 20, 1));
    const example = { ...sentences(1, 1, 2)[0]!, complete: false }; // partial: accept only
    const analytic = model.gradient(example).dense!;
    const w = model.dense!.weights;
    const h = 1e-2;
    for (let i = 0; i < w.length; i++) {
      const original = w[i]!;
      w[i] = original + h;
      const up = model.gradient(example).loss;
      w[i] = original - h;
      const down = model.gradient(example).loss;
      w[i] = original;
      expect(analytic[i]).toBeCloseTo((up - down) / (2 * h), 3);
    }
  });

  it('learns a task only the vectors can solve (unseen words)', () => {
    const train = sentences(0, 300, 3);
    const test = sentences(1, 200, 4);
    const fit = (model: NerModel) => {
      const random = mulberry32(5);
      for (let epoch = 0; epoch < 5; epoch++) model.update(shuffleInPlace([...train], random));
      return accuracy(model, test);
    };
    expect(fit(new NerModel({ labels: LABELS, features: { bits: 12 }, vectors }))).toBeGreaterThan(
      0.95,
    );
    expect(fit(new NerModel({ labels: LABELS, features: { bits: 12 } }))).toBeLessThan(0.5);
  });

  it('round-trips through JSON, averages and requires the vectors back', () => {
    const model = new NerModel({ labels: LABELS, features: { bits: 8 }, vectors, average: true });
    model.update(sentences(0, 50, 6));
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.vectors).toEqual({ name: 'synthetic', dims: 8 });
    const copy = NerModel.fromJSON(json, { vectors });
    const probe = sentences(1, 5, 7);
    for (const e of probe)
      expect(copy.tokenMarginals(e.tokens)).toEqual(model.tokenMarginals(e.tokens));
    expect(() => NerModel.fromJSON(json)).toThrow(/trained with word vectors "synthetic"/);
    expect(model.averaged().dense!.weights).not.toEqual(model.dense!.weights);
  });
});
