import { describe, expect, it } from 'vitest';
import { WordVectors, requireVectors } from './word-vectors.js';
import { WINK_VECTORS_PACKAGE, loadWinkVectors, parseWinkVectors } from './wink.js';

describe('WordVectors', () => {
  const vectors = WordVectors.fromEntries([
    ['paris', [1, 2, 3]],
    ['Paris', [4, 5, 6]],
    ['london', [7, 8, 9]],
  ]);

  it('looks words up, falling back to lowercase', () => {
    expect(vectors.dims).toBe(3);
    expect(vectors.size).toBe(3);
    expect([...vectors.lookup('Paris')!]).toEqual([4, 5, 6]);
    expect([...vectors.lookup('LONDON')!]).toEqual([7, 8, 9]);
    expect(vectors.lookup('rome')).toBeUndefined();
  });

  it('rejects vectors of unequal length', () => {
    expect(() =>
      WordVectors.fromEntries([
        ['a', [1]],
        ['b', [1, 2]],
      ]),
    ).toThrow(/expected 1/);
  });

  it('requires the vectors a model was saved with', () => {
    const info = { name: 'custom', dims: 3 };
    expect(requireVectors(undefined, vectors, 'model')).toBeUndefined();
    expect(requireVectors(info, vectors, 'model')).toBe(vectors);
    expect(() => requireVectors(info, undefined, 'model')).toThrow(/trained with word vectors/);
    expect(() => requireVectors({ name: 'custom', dims: 4 }, vectors, 'model')).toThrow(/4 dims/);
  });
});

describe('wink vectors', () => {
  it('parses the package format without JSON.parse of the whole file', () => {
    const json = JSON.stringify({
      precision: 8,
      l2NormIndex: 2,
      wordIndex: 3,
      size: 3,
      dimensions: 2,
      words: ['the', '"', 'vectors'],
      vectors: { the: [-0.5, 1.25e-3, 1.3, 0], '"': [2, -3e2, 3.6, 1], vectors: [0.1, 7, 7, 2] },
      unkVector: [0, 0, 0, -1],
    });
    const vectors = parseWinkVectors(new TextEncoder().encode(json));
    expect(vectors.name).toBe(WINK_VECTORS_PACKAGE);
    expect(vectors.size).toBe(3);
    expect([...vectors.lookup('the')!]).toEqual([-0.5, Math.fround(1.25e-3)]);
    expect([...vectors.lookup('"')!]).toEqual([2, -300]);
    expect([...vectors.lookup('Vectors')!]).toEqual([Math.fround(0.1), 7]);
    expect(parseWinkVectors(new TextEncoder().encode(json), 1).size).toBe(1);
  });

  it('returns null when the package is not installed', async () => {
    expect(await loadWinkVectors({ resolveFrom: '/nonexistent/package.json' })).toBeNull();
  });
});
