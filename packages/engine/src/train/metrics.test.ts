import { describe, expect, it } from 'vitest';
import type { TokenSpan } from '../ner/tags.js';
import { mulberry32, type Random } from '../random.js';
import { prf, rocAuc, scoreTextcat, SpanCounts } from './metrics.js';

const LABELS = ['PER', 'LOC'];

function randomSpans(random: Random, T: number): TokenSpan[] {
  const spans: TokenSpan[] = [];
  for (let i = 0; i < 4; i++) {
    const s = Math.floor(random() * T);
    const e = Math.min(T - 1, s + Math.floor(random() * 3));
    spans.push({ token_start: s, token_end: e, label: LABELS[Math.floor(random() * 2)]! });
  }
  // Unique spans, as a model or a merged example gives them.
  return [...new Map(spans.map((x) => [`${x.token_start}:${x.token_end}:${x.label}`, x])).values()];
}

/** Entity-level counts by definition: tp = |gold ∩ predicted|, fp = |pred ∖ gold|, fn = |gold ∖ pred|. */
function bruteForce(pairs: { gold: TokenSpan[]; predicted: TokenSpan[] }[], label?: string) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const same = (a: TokenSpan, b: TokenSpan) =>
    a.token_start === b.token_start && a.token_end === b.token_end && a.label === b.label;
  for (const { gold, predicted } of pairs) {
    const g = gold.filter((s) => !label || s.label === label);
    const p = predicted.filter((s) => !label || s.label === label);
    const hits = p.filter((s) => g.some((x) => same(s, x))).length;
    tp += hits;
    fp += p.length - hits;
    fn += g.length - hits;
  }
  return prf(tp, fp, fn);
}

/** AUC by its definition: P(score of a positive > score of a negative), ties counting ½. */
function pairwiseAuc(scores: number[], positive: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!positive[i]) return;
    scores.forEach((n, j) => {
      if (positive[j]) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('prf', () => {
  it('computes precision, recall and F1 and is 0 where nothing was found or expected', () => {
    expect(prf(3, 1, 2)).toEqual({ precision: 0.75, recall: 0.6, f1: 6 / 9 });
    expect(prf(0, 0, 0)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(prf(0, 2, 0)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('SpanCounts', () => {
  it('scores entity-level exact matches: boundaries and label must all agree', () => {
    const counts = new SpanCounts(LABELS);
    counts.add(
      [
        { token_start: 0, token_end: 1, label: 'PER' },
        { token_start: 4, token_end: 4, label: 'LOC' },
      ],
      [
        { token_start: 0, token_end: 1, label: 'PER' },
        { token_start: 4, token_end: 5, label: 'LOC' },
        { token_start: 7, token_end: 7, label: 'PER' },
      ],
    );
    const scores = counts.scores();
    expect(scores.precision).toBeCloseTo(1 / 3);
    expect(scores.recall).toBeCloseTo(1 / 2);
    expect(scores.perLabel.LOC).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(scores.perLabel.PER!.f1).toBeCloseTo(2 / 3);
  });

  it('matches a brute-force count on random sentences, overall and per label', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const pairs = Array.from({ length: 6 }, () => ({
        gold: randomSpans(random, 8),
        predicted: randomSpans(random, 8),
      }));
      const counts = new SpanCounts(LABELS);
      for (const { gold, predicted } of pairs) counts.add(gold, predicted);
      const scores = counts.scores();
      expect(scores.f1).toBeCloseTo(bruteForce(pairs).f1, 12);
      expect(scores.precision).toBeCloseTo(bruteForce(pairs).precision, 12);
      for (const label of LABELS) {
        expect(scores.perLabel[label]).toEqual(bruteForce(pairs, label));
      }
    }
  });

  it('judges only accepted and rejected spans on inputs with binary answers', () => {
    const counts = new SpanCounts(LABELS);
    const accepted = [{ token_start: 0, token_end: 0, label: 'PER' }];
    const rejected = [{ token_start: 2, token_end: 2, label: 'LOC' }];
    const predicted = [...rejected, { token_start: 5, token_end: 5, label: 'LOC' }];
    counts.add(accepted, predicted, false, rejected);
    expect(counts.scores().perLabel).toEqual({
      PER: { precision: 0, recall: 0, f1: 0 },
      LOC: { precision: 0, recall: 0, f1: 0 },
    });
    const c2 = new SpanCounts();
    c2.add(accepted, [...accepted, ...predicted], false, rejected);
    expect(c2.scores().precision).toBe(0.5); // 1 tp, 1 fp (the rejected span); span 5 not judged
    expect(c2.scores().recall).toBe(1);
  });
});

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for an inverted one, ½ when all scores tie', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5], [true, false, false])).toBe(0.5);
    expect(rocAuc([0.3, 0.3, 0.6, 0.1], [true, false, true, false])).toBeCloseTo(0.875);
  });

  it('is NaN when a class is missing', () => {
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
  });

  it('equals the pairwise definition on random data with many ties', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 100; trial++) {
      const n = 2 + Math.floor(random() * 40);
      const scores = Array.from({ length: n }, () => Math.floor(random() * 5) / 4);
      const positive = scores.map((s) => random() < 0.3 + 0.4 * s);
      if (positive.every(Boolean) || !positive.some(Boolean)) continue;
      expect(rocAuc(scores, positive)).toBeCloseTo(pairwiseAuc(scores, positive), 12);
    }
  });
});

describe('scoreTextcat', () => {
  it('scores known labels only, with accuracy and AUC, macro-averaged over labels', () => {
    const scores = scoreTextcat(
      ['A', 'B'],
      [{ A: 1, B: 0 }, { A: 0 }, { A: 1 }, { B: 1 }],
      [
        [0.9, 0.2],
        [0.6, 0.9],
        [0.4, 0.5],
        [0.1, 0.7],
      ],
    );
    // A: tp 1 (0.9), fp 1 (0.6), fn 1 (0.4); B: tp 1, tn 1.
    expect(scores.perLabel.A).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, auc: 0.5 });
    expect(scores.perLabel.B).toEqual({ precision: 1, recall: 1, f1: 1, auc: 1 });
    expect(scores.f1).toBe(0.75);
    expect(scores.accuracy).toBe(3 / 5);
    expect(scores.auc).toBe(0.75);
  });

  it('decides exclusive labels by arg-max', () => {
    const scores = scoreTextcat(['A', 'B', 'C'], [{ A: 1, B: 0, C: 0 }], [[0.4, 0.3, 0.3]], true);
    expect(scores.accuracy).toBe(1);
    expect(scores.perLabel.A!.f1).toBe(1);
  });
});
