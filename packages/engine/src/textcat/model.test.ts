import { describe, expect, it } from 'vitest';
import { decodeFloat32 } from '../float32-base64.js';
import { mulberry32 } from '../random.js';
import { textcatFeatures } from './features.js';
import { TextClassifier, createTextClassifier, type TextcatExample } from './model.js';
import { exclusiveLoss, multiLabelLoss } from './objective.js';

const LABELS = ['SPORT', 'POLITICS', 'TECH'];

function randomizeWeights(model: TextClassifier, seed: number): void {
  const random = mulberry32(seed);
  for (let i = 0; i < model.weights.length; i++) model.weights[i] = (random() - 0.5) * 2;
  for (let k = 0; k < model.bias.length; k++) model.bias[k] = random() - 0.5;
}

/** Analytic dLoss/dW[row, k] and dLoss/dbias[k], from the features and the objective. */
function analyticGradient(model: TextClassifier, example: TextcatExample) {
  const { rows, values } = textcatFeatures(example.text, model.features);
  const n = model.labels.length;
  const logits = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    logits[k] = model.bias[k];
    for (let i = 0; i < rows.length; i++) logits[k] += values[i] * model.weights[rows[i] * n + k];
  }
  const targets = new Float32Array(n).fill(Number.NaN);
  if ('label' in example) targets[model.labels.indexOf(example.label)] = example.answer === 'accept' ? 1 : 0; // prettier-ignore
  if ('cats' in example) for (const [l, v] of Object.entries(example.cats)) targets[model.labels.indexOf(l)] = v; // prettier-ignore
  const dLogits = new Float64Array(n);
  if (model.exclusive) exclusiveLoss(logits, targets, dLogits);
  else multiLabelLoss(logits, targets, dLogits);
  return { rows, values, dLogits };
}

function checkGradient(model: TextClassifier, example: TextcatExample): void {
  const { rows, values, dLogits } = analyticGradient(model, example);
  const n = model.labels.length;
  const eps = 1e-2;
  const numeric = (array: Float32Array, index: number) => {
    const original = array[index];
    array[index] = original + eps;
    const up = model.loss([example]);
    array[index] = original - eps;
    const down = model.loss([example]);
    array[index] = original;
    return (up - down) / (2 * eps);
  };
  for (let i = 0; i < Math.min(rows.length, 12); i++) {
    for (let k = 0; k < n; k++) {
      const expected = dLogits[k] * values[i];
      expect(numeric(model.weights, rows[i] * n + k)).toBeCloseTo(expected, 3);
    }
  }
  for (let k = 0; k < n; k++) expect(numeric(model.bias, k)).toBeCloseTo(dLogits[k], 3);
  // The gradient is not trivially zero, so the comparison above proves something.
  expect(dLogits.some((g) => Math.abs(g) > 0.01)).toBe(true);
}

describe('TextClassifier', () => {
  const text = 'The match ended 2-1 after extra time';

  it('has loss gradients equal to finite differences (multi-label)', () => {
    const model = createTextClassifier({ labels: LABELS, bits: 6 });
    randomizeWeights(model, 1);
    checkGradient(model, { text, label: 'SPORT', answer: 'accept' });
    checkGradient(model, { text, label: 'TECH', answer: 'reject' });
    checkGradient(model, { text, cats: { SPORT: 1, POLITICS: 0, TECH: 0 } });
  });

  it('has loss gradients equal to finite differences (exclusive, partial answers)', () => {
    const model = createTextClassifier({ labels: LABELS, bits: 6, exclusive: true });
    randomizeWeights(model, 2);
    checkGradient(model, { text, label: 'SPORT', answer: 'accept' });
    checkGradient(model, { text, label: 'SPORT', answer: 'reject' });
    checkGradient(model, { text, cats: { POLITICS: 0, TECH: 0 } });
  });

  it('learns a synthetic task to accuracy 1.0', () => {
    const topics: Record<string, string[]> = {
      SPORT: ['goal', 'match', 'striker', 'league', 'coach', 'tennis'],
      POLITICS: ['election', 'senate', 'minister', 'vote', 'policy', 'party'],
      TECH: ['software', 'chip', 'startup', 'cloud', 'robot', 'app'],
    };
    const filler = ['the', 'a', 'today', 'news', 'about', 'new', 'big', 'report', 'on'];
    const random = mulberry32(3);
    const pick = (words: string[]) => words[Math.floor(random() * words.length)];
    const make = (n: number) =>
      Array.from({ length: n }, () => {
        const label = pick(LABELS);
        const words = [pick(filler), pick(topics[label]), pick(filler), pick(filler)];
        return { text: words.join(' '), label };
      });
    const train = make(300);
    const test = make(100);
    for (const exclusive of [false, true]) {
      const model = createTextClassifier({ labels: LABELS, exclusive, bits: 14 });
      for (let epoch = 0; epoch < 3; epoch++) {
        model.update(train.map((e) => ({ text: e.text, accept: [e.label] })));
      }
      const scores = model.predict(test.map((e) => e.text));
      const correct = test.filter((e, i) => {
        const best = scores[i].indexOf(Math.max(...scores[i]));
        return LABELS[best] === e.label;
      });
      expect(correct.length / test.length).toBe(1);
    }
  });

  it("never raises a label's probability for a text when that label is rejected", () => {
    const random = mulberry32(4);
    const words = ['cheap', 'meds', 'hello', 'win', 'now', 'friend', 'call', 'free', 'lunch'];
    for (const exclusive of [false, true]) {
      const model = createTextClassifier({ labels: LABELS, exclusive, bits: 8 });
      randomizeWeights(model, 5);
      for (let trial = 0; trial < 200; trial++) {
        const t = Array.from({ length: 1 + Math.floor(random() * 8) }, () => words[Math.floor(random() * words.length)]).join(' '); // prettier-ignore
        const k = Math.floor(random() * LABELS.length);
        const before = model.predict([t])[0][k];
        model.update([{ text: t, label: LABELS[k], answer: 'reject' }]);
        expect(model.predict([t])[0][k]).toBeLessThanOrEqual(before);
      }
    }
  });

  it('learns nothing from ignored answers, unknown labels or rejected choice tasks', () => {
    const model = createTextClassifier({ labels: LABELS, bits: 8 });
    const loss = model.update([
      { text: 'a b', label: 'SPORT', answer: 'ignore' },
      { text: 'a b', label: 'UNKNOWN', answer: 'accept' },
      { text: 'a b', accept: ['SPORT'], answer: 'reject' },
      { text: 'a b', cats: { UNKNOWN: 1 } },
    ]);
    expect(loss).toBe(0);
    expect(model.weights.every((w) => w === 0)).toBe(true);
    expect(model.bias.every((w) => w === 0)).toBe(true);
  });

  it('treats the labels not accepted in a choice task as rejected (multi-label)', () => {
    const model = createTextClassifier({ labels: LABELS, bits: 8 });
    model.update([{ text: 'x', accept: ['TECH'] }]);
    const [p] = model.predict(['x']);
    expect(p[2]).toBeGreaterThan(0.5);
    expect(p[0]).toBeLessThan(0.5);
    expect(p[1]).toBeLessThan(0.5);
  });

  it('round-trips through JSON with identical predictions and identical further learning', () => {
    const model = createTextClassifier({ labels: LABELS, bits: 10, exclusive: true, seed: 9 });
    model.update([
      { text: 'the striker scored', label: 'SPORT', answer: 'accept' },
      { text: 'the senate voted', cats: { POLITICS: 1, SPORT: 0, TECH: 0 } },
    ]);
    const copy = TextClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.labels).toEqual(LABELS);
    const texts = ['the striker voted', 'a new chip', ''];
    expect(copy.predict(texts)).toEqual(model.predict(texts));
    const more: TextcatExample[] = [{ text: 'a new chip', label: 'TECH', answer: 'accept' }];
    expect(copy.update(more)).toBe(model.update(more));
    expect(copy.weights).toEqual(model.weights);
  });

  it('steps on loss + (λ/2)·w² for each weight it touches, the penalty never reversing a step', () => {
    const l2 = 0.3;
    const model = createTextClassifier({ labels: LABELS, bits: 6, l2, learnRate: 0.4 });
    randomizeWeights(model, 3);
    model.update([{ text: 'a goal in the match', cats: { SPORT: 1, TECH: 0 } }]); // fills squares
    const example: TextcatExample = { text, cats: { SPORT: 1, POLITICS: 0, TECH: 0 } };
    const { rows, values, dLogits } = analyticGradient(model, example);
    const before = Float32Array.from(model.weights);
    const squares = decodeFloat32(model.toJSON().squares, before.length, 'squares');
    model.update([example]);
    const n = model.labels.length;
    let clipped = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let k = 0; k < n; k++) {
        const w = rows[i]! * n + k;
        const data = dLogits[k]! * values[i]!;
        let g = data + l2 * before[w]!;
        if (g * data < 0) [g, clipped] = [0, clipped + 1];
        const expected = g === 0 ? before[w]! : before[w]! - (0.4 * g) / Math.sqrt(squares[w]! + g * g); // prettier-ignore
        expect(model.weights[w]).toBeCloseTo(expected, 5);
      }
    }
    // Both branches ran: some penalties would have reversed the step, most did not.
    expect(clipped).toBeGreaterThan(0);
    expect(clipped).toBeLessThan(rows.length * n);
  });

  it('keeps weights finite on separable data with l2, where without it they keep growing', () => {
    const examples: TextcatExample[] = [
      { text: 'good film', cats: { POS: 1 } },
      { text: 'bad film', cats: { POS: 0 } },
    ];
    const largestAfter = (l2: number, epochs: number) => {
      const model = createTextClassifier({ labels: ['POS'], bits: 8, l2 });
      for (let epoch = 0; epoch < epochs; epoch++) model.update(examples);
      return model.weights.reduce((max, w) => Math.max(max, Math.abs(w)), 0);
    };
    expect(largestAfter(0, 4000)).toBeGreaterThan(1.1 * largestAfter(0, 1000));
    expect(largestAfter(0.05, 4000)).toBeLessThan(1.01 * largestAfter(0.05, 1000));
    expect(largestAfter(0.05, 4000)).toBeGreaterThan(0.5);
  });

  it('rejects a model whose weights do not fit in 64 MB, and corrupt JSON', () => {
    expect(() => createTextClassifier({ labels: ['A', 'B'], bits: 23 })).toThrow(/exceed/);
    expect(() => createTextClassifier({ labels: ['A', 'A'] })).toThrow(/unique/);
    const json = createTextClassifier({ labels: ['A'], bits: 4 }).toJSON();
    expect(() => TextClassifier.fromJSON({ ...json, weights: 'AAAA' })).toThrow(/weights/);
  });

  it('extracts unique ascending rows with unit norm, from given tokens when present', () => {
    const { rows, values } = textcatFeatures('Free free FREE entry!', { bits: 12 });
    for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
    expect(rows.every((r) => r >= 0 && r < 4096)).toBe(true);
    expect(values.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 5);
    // "free" three times: its unigram row outweighs the single "entry" unigram.
    expect(Math.max(...values)).toBeGreaterThan(Math.min(...values) * 2);
    const pretokenized = textcatFeatures(
      { text: 'New York', tokens: [{ text: 'New York', start: 0, end: 8, id: 0, ws: false }] },
      { bits: 12 },
    );
    expect(pretokenized.rows).not.toEqual(textcatFeatures('New York', { bits: 12 }).rows);
  });
});
