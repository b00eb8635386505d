import { describe, expect, it } from 'vitest';
import { mulberry32, shuffleInPlace } from '../random.js';
import { syntheticVectors } from '../vectors/testing.js';
import { TextClassifier, createTextClassifier, type TextcatExample } from './model.js';

const { vectors, words } = syntheticVectors(2, 40);
const LABELS = ['A', 'B'];

/** Texts of 3 words of one class; `part` 0 uses the first half of the words, 1 the rest. */
function texts(part: number, n: number, seed: number): TextcatExample[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const c = i % 2;
    const pool = words[c]!.slice(part * 20, part * 20 + 20);
    const text = [0, 1, 2].map(() => pool[Math.floor(random() * pool.length)]).join(' ');
    return { text, cats: { A: c === 0 ? 1 : 0, B: c === 1 ? 1 : 0 } };
  });
}

function accuracy(model: TextClassifier, examples: TextcatExample[]): number {
  const probs = model.predict(examples.map((e) => e.text));
  let right = 0;
  examples.forEach((e, i) => {
    const gold = 'cats' in e && e.cats.A === 1 ? 0 : 1;
    if ((probs[i]![0]! > probs[i]![1]! ? 0 : 1) === gold) right++;
  });
  return right / examples.length;
}

describe('text classifier with word vectors', () => {
  it('has the dense gradient of finite differences', () => {
    for (const exclusive of [false, true]) {
      const model = createTextClassifier({ labels: LABELS, exclusive, bits: 10, vectors });
      model.update(texts(0, 10, 1)); // away from zero weights
      const example = texts(1, 1, 2)[0]!;
      const analytic = model.denseGradient(example)!;
      const w = model.dense!.weights;
      const h = 1e-2;
      for (let i = 0; i < w.length; i++) {
        const original = w[i]!;
        w[i] = original + h;
        const up = model.loss([example]);
        w[i] = original - h;
        const down = model.loss([example]);
        w[i] = original;
        expect(analytic[i]).toBeCloseTo((up - down) / (2 * h), 3);
      }
    }
  });

  it('learns a task only the vectors can solve (unseen words)', () => {
    const train = texts(0, 200, 3);
    const test = texts(1, 200, 4);
    const fit = (model: TextClassifier) => {
      const random = mulberry32(5);
      for (let epoch = 0; epoch < 5; epoch++) model.update(shuffleInPlace([...train], random));
      return accuracy(model, test);
    };
    const options = { labels: LABELS, exclusive: true, bits: 14 };
    expect(fit(createTextClassifier({ ...options, vectors }))).toBeGreaterThan(0.95);
    expect(fit(createTextClassifier(options))).toBeLessThan(0.75);
  });

  it('round-trips through JSON and requires the vectors back', () => {
    const model = createTextClassifier({ labels: LABELS, bits: 10, vectors });
    model.update(texts(0, 50, 6));
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.vectors).toEqual({ name: 'synthetic', dims: 8 });
    const copy = TextClassifier.fromJSON(json, { vectors });
    const probe = texts(1, 5, 7).map((e) => e.text);
    expect(copy.predict(probe)).toEqual(model.predict(probe));
    expect(() => TextClassifier.fromJSON(json)).toThrow(/trained with word vectors "synthetic"/);
    expect(createTextClassifier({ labels: LABELS }).toJSON()).not.toHaveProperty('vectors');
  });
});
