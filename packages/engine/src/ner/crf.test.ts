import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import type { Token } from '../types.js';
import { NerModel } from './crf.js';
import { NER_FEATURES_PER_TOKEN, nerFeatureRows, noFeatureRow, wordShape } from './features.js';
import { emissionScores, transitionScores } from './scores.js';

function tokensOf(words: string[]): Token[] {
  let start = 0;
  return words.map((text, id) => {
    const token = { text, start, end: start + text.length, id, ws: true };
    start += text.length + 1;
    return token;
  });
}

const SENTENCES = [
  ['Anna', 'Smith', 'flew', 'to', 'Paris', '.'],
  ['IBM', 'hired', 'John', 'in', 'New', 'York', 'on', '3', 'May', '1996'],
  ['the', 'U.S.', 'team', 'lost'],
].map(tokensOf);

function trainedModel(): NerModel {
  const model = new NerModel({ labels: ['PER', 'ORG', 'LOC'], features: { bits: 12, seed: 3 } });
  const answers = [
    { accept: [{ token_start: 0, token_end: 1, label: 'PER' }], complete: true },
    { accept: [{ token_start: 0, token_end: 0, label: 'ORG' }] },
    { reject: [{ token_start: 1, token_end: 1, label: 'LOC' }] },
  ];
  for (let epoch = 0; epoch < 3; epoch++) {
    model.update(SENTENCES.map((tokens, i) => ({ tokens, ...answers[i] })));
  }
  return model;
}

describe('NerModel', () => {
  it('round-trips through JSON to bit-identical weights, marginals and predictions', () => {
    const model = trainedModel();
    const copy = NerModel.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(copy.labels).toEqual(model.labels);
    expect(copy.features).toEqual(model.features);
    expect(copy.updates).toBe(model.updates);
    expect(copy.weights).toEqual(model.weights);
    expect(copy.transitions).toEqual(model.transitions);
    expect(model.weights.some((w) => w !== 0)).toBe(true);
    for (const tokens of SENTENCES) {
      expect(copy.predict(tokens)).toEqual(model.predict(tokens));
      expect(copy.tokenMarginals(tokens)).toEqual(model.tokenMarginals(tokens));
      expect(copy.suggest(tokens, { threshold: 0.01 })).toEqual(
        model.suggest(tokens, { threshold: 0.01 }),
      );
    }
  });

  it('refuses a saved model of another feature set or with truncated weights', () => {
    const json = trainedModel().toJSON();
    expect(() =>
      NerModel.fromJSON({ ...json, features: { ...json.features, version: 0 } }),
    ).toThrow(/features/);
    expect(() => NerModel.fromJSON({ ...json, weights: json.weights.slice(0, 100) })).toThrow(
      /weights/,
    );
  });

  it('computes emissions as a sum of weight rows over a fixed-width row matrix', () => {
    const model = trainedModel();
    const random = mulberry32(8);
    for (let i = 0; i < model.weights.length - model.nTags; i++) model.weights[i] = random() - 0.5;
    const tokens = SENTENCES[1]!;
    const rows = nerFeatureRows(tokens, model.features);
    const F = NER_FEATURES_PER_TOKEN;
    const K = model.nTags;
    expect(rows.length).toBe(tokens.length * F);
    const none = noFeatureRow(model.features);
    expect(rows.every((r) => r >= 0 && r <= none)).toBe(true);
    expect(rows.filter((r) => r === none).length).toBeGreaterThan(0); // "3" has no 2-letter prefix
    const emissions = emissionScores(model, tokens);
    for (let t = 0; t < tokens.length; t++) {
      for (let k = 0; k < K; k++) {
        let sum = 0;
        for (let f = 0; f < F; f++) sum += model.weights[rows[t * F + f]! * K + k]!;
        expect(emissions[t * K + k]).toBeCloseTo(sum, 5);
      }
    }
    const transitions = transitionScores(model);
    const B_PER = model.scheme.tagId(0, 0);
    expect(transitions[B_PER * K + 0]).toBe(-Infinity); // B-PER → O breaks the entity
  });

  it('has no learnable weight in the reserved "no feature" row', () => {
    const model = trainedModel();
    const none = noFeatureRow(model.features) * model.nTags;
    expect(model.weights.subarray(none).every((w) => w === 0)).toBe(true);
  });

  it('skips contradictory answers instead of learning from them', () => {
    const model = new NerModel({ labels: ['PER', 'LOC'], features: { bits: 10, seed: 0 } });
    const tokens = SENTENCES[0]!;
    const loss = model.update([
      {
        tokens,
        accept: [
          { token_start: 0, token_end: 1, label: 'PER' },
          { token_start: 1, token_end: 1, label: 'LOC' },
        ],
      },
    ]);
    expect(loss).toBe(0);
    expect(model.weights.every((w) => w === 0)).toBe(true);
    expect(() =>
      model.update([{ tokens, accept: [{ token_start: 4, token_end: 9, label: 'PER' }] }]),
    ).toThrow(RangeError);
    expect(() =>
      model.update([{ tokens, accept: [{ token_start: 0, token_end: 0, label: 'ORG' }] }]),
    ).toThrow(/Unknown NER label/);
  });

  it('averages the weights over every step when averaging is on', () => {
    const model = new NerModel({ labels: ['PER'], features: { bits: 10, seed: 0 }, average: true });
    const tokens = SENTENCES[0]!;
    const example = {
      tokens,
      accept: [{ token_start: 0, token_end: 1, label: 'PER' }],
      complete: true,
    };
    model.update([example]);
    const w1 = Float32Array.from(model.weights);
    model.update([example]);
    const w2 = model.weights;
    // The iterates are w0 = 0, w1, w2: their mean is (w1 + w2) / 3.
    const averaged = model.averaged().weights;
    let changed = 0;
    for (let i = 0; i < w2.length; i++) {
      expect(averaged[i]).toBeCloseTo((w1[i]! + w2[i]!) / 3, 6);
      if (w2[i] !== 0) changed++;
    }
    expect(changed).toBeGreaterThan(10);
  });

  it('shapes words like spaCy', () => {
    expect(['Blackburn', '1996', 'U.S.', 'e-mail'].map(wordShape)).toEqual([
      'Xxxxx',
      'dddd',
      'X.X.',
      'x-xxxx',
    ]);
  });
});
