import { describe, expect, it } from 'vitest';
import { hashString } from '../hashing.js';
import {
  DEFAULT_FEATURE_CONFIG,
  FeatureScratch,
  addCharNgrams,
  extractFeatures,
  textcatFeatures,
} from './features.js';

/** The rows `addCharNgrams` adds, read back through the scratch's public output. */
function ngramRows(padded: string, min: number, max: number, seed: number, mask: number) {
  const scratch = new FeatureScratch();
  scratch.reset();
  addCharNgrams(padded, min, max, seed, mask, 1, scratch);
  const count = scratch.finish(true);
  return Array.from(scratch.rows.subarray(0, count));
}

describe('addCharNgrams', () => {
  it('adds exactly the rows of hashString over every substring of each length', () => {
    const words = ['<a>', '<ab>', '<hello>', '<naïve🚀>', '<08452810075over18>', '<x>', '<>'];
    for (const padded of words) {
      for (const [min, max] of [
        [2, 5],
        [3, 5],
        [1, 7],
        [4, 4],
      ]) {
        for (const seed of [0, 2, 12345]) {
          const expected = new Set<number>();
          for (let n = min; n <= max; n++) {
            for (let i = 0; i + n <= padded.length; i++) {
              expected.add(hashString(padded.slice(i, i + n), seed) & 0xffff);
            }
          }
          const got = ngramRows(padded, min!, max!, seed, 0xffff);
          expect(got).toEqual([...expected].sort((a, b) => a - b));
        }
      }
    }
  });

  it('counts a repeated n-gram once per occurrence', () => {
    // "<aaaa>" holds "aa" three times and "aaa" twice: equal rows merge, values add up.
    const scratch = new FeatureScratch();
    scratch.reset();
    addCharNgrams('<aaaa>', 2, 3, 0, 0xffff, 1, scratch);
    const count = scratch.finish(true);
    const values = Array.from(scratch.values.subarray(0, count));
    const row = (s: string) => hashString(s, 0) & 0xffff;
    const valueOf = (s: string) => values[Array.from(scratch.rows).indexOf(row(s))]!;
    expect(valueOf('aa') / valueOf('<a')).toBeCloseTo(3, 5);
    expect(valueOf('aaa') / valueOf('<aa')).toBeCloseTo(2, 5);
  });
});

describe('textcatFeatures', () => {
  it('merges equal rows across texts without leaking sums from the previous text', () => {
    const scratch = new FeatureScratch();
    // 700 distinct words outgrow the initial buffers, so growing and emptying are covered too.
    const long = Array.from({ length: 700 }, (_, i) => `w${i.toString(36)}`).join(' ');
    for (const text of ['spam spam', long, 'ham', long, 'spam spam']) {
      const config = { ...DEFAULT_FEATURE_CONFIG, bits: 10 };
      const fresh = new FeatureScratch();
      const expected = extractFeatures(text, config, fresh, true);
      const count = extractFeatures(text, config, scratch, true);
      expect(count).toBe(expected);
      expect(scratch.rows.subarray(0, count)).toEqual(fresh.rows.subarray(0, count));
      expect(scratch.values.subarray(0, count)).toEqual(fresh.values.subarray(0, count));
    }
  });

  it('includes character bigrams by default, which a 3–5 range leaves out', () => {
    const withBigrams = textcatFeatures('ok', { bits: 16 });
    const without = textcatFeatures('ok', { bits: 16, charNgramMin: 3 });
    const bigram = hashString('<o', 2) & 0xffff;
    expect(Array.from(withBigrams.rows)).toContain(bigram);
    expect(Array.from(without.rows)).not.toContain(bigram);
  });
});
