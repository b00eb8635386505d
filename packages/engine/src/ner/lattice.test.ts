import { describe, expect, it } from 'vitest';
import { mulberry32, type Random } from '../random.js';
import type { Token } from '../types.js';
import { NerModel } from './crf.js';
import { Lattice } from './lattice.js';

const WORDS = ['the', 'Paris', 'x', 'Smith', 'of', '1996', 'IBM', '.'];

function tokensOf(words: string[]): Token[] {
  let start = 0;
  return words.map((text, id) => {
    const token = { text, start, end: start + text.length, id, ws: true };
    start += text.length + 1;
    return token;
  });
}

function randomModel(random: Random, scale: number): NerModel {
  const model = new NerModel({ labels: ['PER', 'LOC'], features: { bits: 5, seed: 7 } });
  const none = model.weights.length - model.nTags; // the reserved zero row stays zero
  for (let i = 0; i < none; i++) model.weights[i] = (random() * 2 - 1) * scale;
  for (let i = 0; i < model.transitions.length; i++) {
    model.transitions[i] = (random() * 2 - 1) * scale;
  }
  model.refreshTransitions();
  return model;
}

/** Every tag sequence the BILUO grammar allows, with its unnormalised log score. */
function enumeratePaths(model: NerModel, tokens: Token[]): { tags: number[]; score: number }[] {
  const K = model.nTags;
  const T = tokens.length;
  const emissions = new Float64Array(T * K);
  model.emissionsInto(model.featureRows(tokens), T, emissions);
  const s = model.scheme;
  const paths: { tags: number[]; score: number }[] = [];
  const walk = (tags: number[], score: number): void => {
    const t = tags.length;
    if (t === T) {
      if (s.endAllowed[tags[T - 1]!]) paths.push({ tags: [...tags], score });
      return;
    }
    for (let k = 0; k < K; k++) {
      if (t === 0 ? !s.startAllowed[k] : !s.allowed[tags[t - 1]! * K + k]) continue;
      const trans = t === 0 ? 0 : model.transitions[tags[t - 1]! * K + k]!;
      walk([...tags, k], score + trans + emissions[t * K + k]!);
    }
  };
  walk([], 0);
  return paths;
}

describe('CRF lattice', () => {
  it('gives token and span marginals equal to brute-force enumeration of all valid paths', () => {
    const random = mulberry32(42);
    for (let trial = 0; trial < 24; trial++) {
      const T = 1 + (trial % 4);
      const model = randomModel(random, 1.5);
      const words = Array.from({ length: T }, () => WORDS[Math.floor(random() * WORDS.length)]!);
      const tokens = tokensOf(words);
      const paths = enumeratePaths(model, tokens);
      const max = Math.max(...paths.map((p) => p.score));
      const weights = paths.map((p) => Math.exp(p.score - max));
      const Z = weights.reduce((a, b) => a + b, 0);
      const K = model.nTags;

      const expected = new Float64Array(T * K);
      paths.forEach((p, i) => p.tags.forEach((k, t) => (expected[t * K + k] += weights[i]! / Z)));
      const marginals = model.tokenMarginals(tokens);
      for (let i = 0; i < T * K; i++) expect(marginals[i]).toBeCloseTo(expected[i]!, 10);
      for (let t = 0; t < T; t++) {
        const sum = marginals.subarray(t * K, t * K + K).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(1, 12);
      }

      const lattice = new Lattice(K);
      const emissions = new Float64Array(T * K);
      model.emissionsInto(model.featureRows(tokens), T, emissions);
      expect(lattice.run(emissions, T, model.transitionTable, null)).toBeCloseTo(
        Math.log(Z) + max,
        10,
      );

      for (const label of model.labels) {
        const tags = model.spanTags(model.scheme.labelId(label));
        for (let s = 0; s < T; s++) {
          for (let e = s; e < T; e++) {
            const brute = paths.reduce((sum, p, i) => {
              const want = (t: number): number =>
                s === e ? tags.unit : t === s ? tags.begin : t === e ? tags.last : tags.inside;
              for (let t = s; t <= e; t++) if (p.tags[t] !== want(t)) return sum;
              return sum + weights[i]! / Z;
            }, 0);
            const span = { token_start: s, token_end: e, label };
            expect(model.spanMarginal(tokens, span)).toBeCloseTo(brute, 10);
          }
        }
      }
    }
  });

  it('decodes the highest-scoring valid path and scores its spans by their marginals', () => {
    const random = mulberry32(3);
    for (let trial = 0; trial < 20; trial++) {
      const T = 1 + (trial % 4);
      const model = randomModel(random, 2);
      const tokens = tokensOf(
        Array.from({ length: T }, () => WORDS[Math.floor(random() * WORDS.length)]!),
      );
      const paths = enumeratePaths(model, tokens);
      const best = paths.reduce((a, b) => (b.score > a.score ? b : a));
      const expected = model.scheme.decode(best.tags);
      const predicted = model.predict(tokens);
      expect(
        predicted.map(({ token_start, token_end, label }) => ({ token_start, token_end, label })),
      ).toEqual(expected);
      for (const span of predicted) expect(span.score).toBe(model.spanMarginal(tokens, span));
      const Z = paths.reduce((sum, p) => sum + Math.exp(p.score), 0);
      const sentence = model.predictSentence(tokens);
      expect(sentence.pathProbability).toBeCloseTo(Math.exp(best.score) / Z, 10);
      expect(sentence.marginals).toEqual(model.tokenMarginals(tokens));
    }
  });

  it('suggests exactly the spans whose marginal reaches the threshold', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 20; trial++) {
      const T = 2 + (trial % 3);
      const model = randomModel(random, 1);
      const tokens = tokensOf(
        Array.from({ length: T }, () => WORDS[Math.floor(random() * WORDS.length)]!),
      );
      const threshold = 0.03;
      const expected: string[] = [];
      for (const label of model.labels) {
        for (let s = 0; s < T; s++) {
          for (let e = s; e < T; e++) {
            const p = model.spanMarginal(tokens, { token_start: s, token_end: e, label });
            if (p >= threshold) expected.push(`${label}:${s}-${e}`);
          }
        }
      }
      const suggested = model.suggest(tokens, { threshold });
      expect(suggested.map((s) => `${s.label}:${s.token_start}-${s.token_end}`).sort()).toEqual(
        expected.sort(),
      );
      for (let i = 1; i < suggested.length; i++) {
        expect(suggested[i]!.score).toBeLessThanOrEqual(suggested[i - 1]!.score);
      }
    }
  });
});
