import { describe, expect, it } from 'vitest';
import { mulberry32, type Random, shuffleInPlace } from '../random.js';
import type { Token } from '../types.js';
import { NerModel } from './crf.js';
import { NER_FEATURES_PER_TOKEN } from './features.js';
import type { NerExample } from './learn.js';
import { BEGIN, OUTSIDE, type TokenSpan, UNIT } from './tags.js';

function tokensOf(words: string[]): Token[] {
  let start = 0;
  return words.map((text, id) => {
    const token = { text, start, end: start + text.length, id, ws: true };
    start += text.length + 1;
    return token;
  });
}

function randomModel(random: Random, bits: number, scale: number, learnRate = 0.1): NerModel {
  const model = new NerModel({ labels: ['PER', 'LOC'], features: { bits, seed: 1 }, learnRate });
  for (let i = 0; i < model.weights.length - model.nTags; i++) {
    model.weights[i] = (random() * 2 - 1) * scale;
  }
  for (let i = 0; i < model.transitions.length; i++) {
    model.transitions[i] = (random() * 2 - 1) * scale;
  }
  model.refreshTransitions();
  return model;
}

/** Central differences on every parameter; divides by the float32-rounded step actually taken. */
function numericGradient(model: NerModel, example: NerExample, h = 1e-3) {
  const loss = (): number => model.gradient(example).loss;
  const probe = (params: Float32Array, i: number, after: () => void): number => {
    const original = params[i]!;
    params[i] = original + h;
    const up = params[i]!;
    after();
    const lossUp = loss();
    params[i] = original - h;
    const down = params[i]!;
    after();
    const lossDown = loss();
    params[i] = original;
    after();
    return (lossUp - lossDown) / (up - down);
  };
  const noop = (): void => undefined;
  // The reserved "no feature" row is never learnt (its analytic gradient is 0 by design).
  const none = model.weights.length - model.nTags;
  const weights = Float64Array.from(model.weights, (_, i) =>
    i < none ? probe(model.weights, i, noop) : 0,
  );
  const transitions = Float64Array.from(model.transitions, (_, i) =>
    model.scheme.allowed[i] ? probe(model.transitions, i, () => model.refreshTransitions()) : 0,
  );
  return { weights, transitions };
}

function expectClose(actual: Float64Array, expected: Float64Array): void {
  for (let i = 0; i < actual.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-5 + 1e-4 * Math.abs(expected[i]!));
  }
}

const SENTENCE = tokensOf(['Anna', 'lives', 'in', 'New', 'York', '.']);

describe('NER learning', () => {
  const cases: [string, NerExample][] = [
    [
      'a full manual annotation',
      {
        tokens: SENTENCE,
        complete: true,
        accept: [{ token_start: 3, token_end: 4, label: 'LOC' }],
      },
    ],
    [
      'one accepted span',
      { tokens: SENTENCE, accept: [{ token_start: 0, token_end: 0, label: 'PER' }] },
    ],
    [
      'one rejected span',
      { tokens: SENTENCE, reject: [{ token_start: 4, token_end: 4, label: 'LOC' }] },
    ],
    [
      'accepts, rejects and a known-O region together',
      {
        tokens: SENTENCE,
        accept: [{ token_start: 0, token_end: 0, label: 'PER' }],
        reject: [
          { token_start: 3, token_end: 4, label: 'PER' },
          { token_start: 4, token_end: 4, label: 'LOC' },
        ],
        outside: [{ token_start: 1, token_end: 2 }],
      },
    ],
  ];
  for (const [name, example] of cases) {
    it(`has the exact gradient of the loss for ${name} (central differences)`, () => {
      const model = randomModel(mulberry32(5), 3, 0.8);
      const analytic = model.gradient(example);
      expect(analytic.loss).toBeGreaterThan(0);
      const numeric = numericGradient(model, example);
      expectClose(analytic.weights, numeric.weights);
      expectClose(analytic.transitions, numeric.transitions);
      expect(analytic.weights.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    });
  }

  it('never raises the probability of a span it was told to reject', () => {
    const random = mulberry32(99);
    const vocabulary = ['Anna', 'in', 'New', 'York', 'the', 'IBM', 'said', '3', '.', 'de'];
    let checked = 0;
    for (let trial = 0; trial < 300; trial++) {
      const learnRate = [0.05, 0.3, 1][trial % 3]!;
      const model = randomModel(random, 6, 1.5, learnRate);
      const T = 2 + Math.floor(random() * 7);
      const words = Array.from({ length: T }, () => vocabulary[Math.floor(random() * 10)]!);
      const tokens = tokensOf(words);
      const s = Math.floor(random() * T);
      const e = Math.min(T - 1, s + Math.floor(random() * 3));
      const span: TokenSpan = {
        token_start: s,
        token_end: e,
        label: random() < 0.5 ? 'PER' : 'LOC',
      };
      const before = model.spanMarginal(tokens, span);
      if (before < 1e-6) continue;
      model.update([{ tokens, reject: [span] }]);
      expect(model.spanMarginal(tokens, span)).toBeLessThan(before);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('does not teach that the tokens of a rejected span are outside any entity', () => {
    const model = new NerModel({ labels: ['PER', 'LOC'], features: { bits: 18, seed: 0 } });
    const rejected: TokenSpan = { token_start: 3, token_end: 4, label: 'PER' };
    const K = model.nTags;
    const tag = (label: number, kind: number): number => model.scheme.tagId(label, kind);
    // The row of the word feature "New" (template 1) fires on token 3 only.
    const row = model.featureRows(SENTENCE)[3 * NER_FEATURES_PER_TOKEN + 1]!;
    const { weights } = model.gradient({ tokens: SENTENCE, reject: [rejected] });
    const g = (k: number): number => weights[row * K + k]!;
    expect(g(tag(0, BEGIN))).toBeGreaterThan(0); // B-PER is pushed down…
    // …and every other reading of "New" up, not only O: LOC entities stay possible.
    for (const k of [OUTSIDE, tag(1, BEGIN), tag(1, UNIT), tag(0, UNIT)]) {
      expect(g(k)).toBeLessThan(0);
    }
    for (let i = 0; i < 5; i++) model.update([{ tokens: SENTENCE, reject: [rejected] }]);
    expect(model.spanMarginal(SENTENCE, rejected)).toBeLessThan(0.01);
  });

  const people = [['Anna'], ['John', 'Smith'], ['Mary', 'Ann', 'Lee'], ['Bob']];
  const places = [['Paris'], ['New', 'York'], ['Rio', 'de', 'Janeiro'], ['Oslo']];
  function syntheticSentence(random: Random): { tokens: Token[]; spans: TokenSpan[] } {
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const words: string[] = [];
    const spans: TokenSpan[] = [];
    const add = (entity: string[], label: string): void => {
      spans.push({ token_start: words.length, token_end: words.length + entity.length - 1, label });
      words.push(...entity);
    };
    const template = Math.floor(random() * 3);
    if (template === 0) {
      add(pick(people), 'PER');
      words.push('lives', 'in');
      add(pick(places), 'LOC');
    } else if (template === 1) {
      words.push('yesterday');
      add(pick(people), 'PER');
      words.push('met');
      add(pick(people), 'PER');
    } else {
      words.push('the', 'flight', 'to');
      add(pick(places), 'LOC');
      words.push('left', '.');
    }
    return { tokens: tokensOf(words), spans };
  }
  const key = (s: TokenSpan): string => `${s.label}:${s.token_start}-${s.token_end}`;
  function entityF1(model: NerModel, test: { tokens: Token[]; spans: TokenSpan[] }[]): number {
    let tp = 0;
    let predicted = 0;
    let gold = 0;
    for (const { tokens, spans } of test) {
      const found = model.predict(tokens);
      predicted += found.length;
      gold += spans.length;
      const goldKeys = new Set(spans.map(key));
      tp += found.filter((s) => goldKeys.has(key(s))).length;
    }
    return (2 * tp) / (predicted + gold);
  }

  it('reaches entity F1 1.0 on a small synthetic task from full annotations', () => {
    const random = mulberry32(2024);
    const train = Array.from({ length: 60 }, () => syntheticSentence(random));
    const test = Array.from({ length: 40 }, () => syntheticSentence(random));
    const model = new NerModel({ labels: ['PER', 'LOC'], features: { bits: 12, seed: 0 } });
    for (let epoch = 0; epoch < 5; epoch++) {
      shuffleInPlace(train, random);
      model.update(train.map(({ tokens, spans }) => ({ tokens, accept: spans, complete: true })));
    }
    expect(entityF1(model, test)).toBe(1);
  });

  it('learns the same task from binary accept/reject answers on suggested spans alone', () => {
    const random = mulberry32(7);
    const test = Array.from({ length: 40 }, () => syntheticSentence(random));
    const model = new NerModel({ labels: ['PER', 'LOC'], features: { bits: 12, seed: 0 } });
    let answers = 0;
    for (let i = 0; i < 200; i++) {
      const { tokens, spans } = syntheticSentence(random);
      const gold = new Set(spans.map(key));
      // ner.teach: every suggested span becomes a yes/no question, answered from the gold.
      const suggestions = model.suggest(tokens, { threshold: 0.02 });
      if (suggestions.length === 0) continue;
      const accept = suggestions.filter((span) => gold.has(key(span)));
      const reject = suggestions.filter((span) => !gold.has(key(span)));
      model.update([{ tokens, accept, reject }]);
      answers++;
    }
    expect(answers).toBeGreaterThan(50);
    expect(entityF1(model, test)).toBeGreaterThan(0.9);
  });
});
