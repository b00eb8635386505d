import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import {
  interleaveGroups,
  leastConfidence,
  meanTokenEntropy,
  preferHighScores,
  preferUncertain,
  randomOrder,
  rankCandidates,
  uncertainty,
} from './sorters.js';

function uniformStream(n: number, seed: number) {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, id) => ({ id, score: random() }));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('uncertainty', () => {
  it('peaks at 0.5 + bias and reaches 0 at the farther end', () => {
    expect(uncertainty(0.5)).toBe(1);
    expect(uncertainty(0)).toBe(0);
    expect(uncertainty(1)).toBe(0);
    expect(uncertainty(0.25)).toBeCloseTo(0.5);
    expect(uncertainty(0.7, 0.2)).toBe(1);
    expect(uncertainty(0, 0.2)).toBe(0);
    expect(uncertainty(1, 0.2)).toBeCloseTo(1 - 0.3 / 0.7);
  });
});

describe('preferUncertain', () => {
  it('ema keeps about half of a stationary stream, the half nearest 0.5', () => {
    const stream = uniformStream(20000, 1);
    const kept = [...preferUncertain(stream)];
    expect(kept.length / stream.length).toBeGreaterThan(0.4);
    expect(kept.length / stream.length).toBeLessThan(0.6);
    expect(mean(kept.map((x) => uncertainty(x.score)))).toBeGreaterThan(0.7);
  });

  it('ema adapts when the scores drift, instead of starving', () => {
    // A model that becomes confident: every score near 0.99. Items still flow.
    const confident = Array.from({ length: 1000 }, (_, i) => ({ score: 0.99 - (i % 7) * 0.001 }));
    const kept = [...preferUncertain(confident)];
    expect(kept.length).toBeGreaterThan(200);
    // ...and the least confident of them are preferred.
    expect(mean(kept.map((x) => x.score))).toBeLessThan(mean(confident.map((x) => x.score)));
  });

  it('ema with stdDevs keeps fewer, more uncertain items', () => {
    const stream = uniformStream(20000, 2);
    const kept = [...preferUncertain(stream, { stdDevs: 1 })];
    expect(kept.length / stream.length).toBeLessThan(0.3);
    expect(mean(kept.map((x) => uncertainty(x.score)))).toBeGreaterThan(0.8);
  });

  it('probability keeps items in proportion to their uncertainty, reproducibly', () => {
    const stream = uniformStream(20000, 3);
    const kept = [...preferUncertain(stream, { algorithm: 'probability', seed: 5 })];
    // E[u] over uniform scores is 1/2.
    expect(kept.length / stream.length).toBeCloseTo(0.5, 1);
    const near = kept.filter((x) => Math.abs(x.score - 0.5) < 0.1).length;
    const far = kept.filter((x) => x.score < 0.1 || x.score > 0.9).length;
    expect(near).toBeGreaterThan(far * 4);
    const again = [...preferUncertain(stream, { algorithm: 'probability', seed: 5 })];
    expect(again.map((x) => x.id)).toEqual(kept.map((x) => x.id));
    const certain = Array.from({ length: 1000 }, () => ({ score: 1 }));
    expect([...preferUncertain(certain, { algorithm: 'probability' })].length).toBeGreaterThan(20);
  });

  it('bias moves the preferred scores up', () => {
    const stream = uniformStream(20000, 4);
    const kept = [...preferUncertain(stream, { bias: 0.3 })];
    expect(mean(kept.map((x) => x.score))).toBeGreaterThan(0.65);
  });

  it('is lazy: it consumes the stream only as far as it is read', () => {
    let pulled = 0;
    function* endless() {
      for (let i = 0; ; i++) {
        pulled++;
        yield { score: (i * 0.37) % 1 };
      }
    }
    const iterator = preferUncertain(endless());
    for (let i = 0; i < 10; i++) iterator.next();
    expect(pulled).toBeLessThan(100);
  });
});

describe('preferHighScores', () => {
  it('keeps high scores under both algorithms', () => {
    const stream = uniformStream(20000, 6);
    expect(mean([...preferHighScores(stream)].map((x) => x.score))).toBeGreaterThan(0.7);
    const byProbability = [...preferHighScores(stream, { algorithm: 'probability' })];
    expect(mean(byProbability.map((x) => x.score))).toBeGreaterThan(0.6);
  });
});

describe('randomOrder', () => {
  it('yields every item once, in a seeded order', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = [...randomOrder(items, { seed: 1, bufferSize: 8 })];
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
    expect([...randomOrder(items, { seed: 1, bufferSize: 8 })]).toEqual(a);
    expect([...randomOrder(items, { seed: 2, bufferSize: 8 })]).not.toEqual(a);
  });
});

describe('rankCandidates', () => {
  const scores = [0.875, 0.5, 0.125, 0.75, 0.25, 1]; // exact in binary, so ties are real

  it('ranks the most uncertain first, ties in input order', () => {
    expect([...rankCandidates(scores, { strategy: 'uncertain' })]).toEqual([1, 3, 4, 0, 2, 5]);
  });

  it('ranks the highest first', () => {
    expect([...rankCandidates(scores, { strategy: 'high' })]).toEqual([5, 0, 3, 1, 4, 2]);
  });

  it('shuffles reproducibly for random', () => {
    const a = rankCandidates(scores, { strategy: 'random', seed: 3 });
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rankCandidates(scores, { strategy: 'random', seed: 3 })).toEqual(a);
  });
});

describe('interleaveGroups', () => {
  it('lets the groups take turns, each keeping its order, in order of first appearance', () => {
    const groups = [0, 0, 1, 2, 0, 1, 2, 0];
    const order = [7, 4, 6, 0, 5, 1, 2, 3];
    // Group 0: 7, 4, 0, 1; group 2: 6, 3; group 1: 5, 2.
    expect([...interleaveGroups(order, groups)]).toEqual([7, 6, 5, 4, 3, 2, 0, 1]);
  });

  it('brings the best question of a label that ranks last up to the first round', () => {
    // Four ORG spans near 0.5, the PER spans a cold model gives P ≈ 0.1.
    const scores = [0.5, 0.45, 0.55, 0.6, 0.1, 0.08];
    const labels = [0, 0, 0, 0, 1, 1];
    const ranked = rankCandidates(scores, { strategy: 'uncertain' });
    expect([...ranked].slice(0, 2)).toEqual([0, 1]);
    expect([...interleaveGroups(ranked, labels)].slice(0, 4)).toEqual([0, 4, 1, 5]);
  });

  it('returns a permutation of its input, and nothing for nothing', () => {
    const random = mulberry32(4);
    const groups = Array.from({ length: 500 }, () => Math.floor(random() * 5));
    const order = rankCandidates(groups, { strategy: 'random', seed: 9 });
    expect([...interleaveGroups(order, groups)].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 500 }, (_, i) => i),
    );
    expect(interleaveGroups([], [])).toEqual(new Int32Array(0));
  });
});

describe('sentence uncertainty', () => {
  it('least confidence is one minus the best path probability', () => {
    expect(leastConfidence(0.8)).toBeCloseTo(0.2);
  });

  it('mean token entropy is 0 when certain and 1 when uniform', () => {
    expect(meanTokenEntropy([1, 0, 0, 0, 1, 0], 3)).toBe(0);
    expect(meanTokenEntropy([0.5, 0.5, 0.5, 0.5], 2)).toBeCloseTo(1);
    // One certain token and one uniform token average to 0.5.
    expect(meanTokenEntropy(new Float32Array([1, 0, 0.5, 0.5]), 2)).toBeCloseTo(0.5);
    expect(() => meanTokenEntropy([0.5, 0.5, 1], 2)).toThrow(RangeError);
  });
});
