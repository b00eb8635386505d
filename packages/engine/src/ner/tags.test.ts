import { describe, expect, it } from 'vitest';
import { TagScheme } from './tags.js';

describe('BILUO tag scheme', () => {
  const scheme = new TagScheme(['PER', 'LOC']);
  const spans = [
    { token_start: 0, token_end: 0, label: 'LOC' },
    { token_start: 2, token_end: 4, label: 'PER' },
    { token_start: 5, token_end: 6, label: 'LOC' },
  ];

  it('encodes spans to BILUO tags and decodes them back', () => {
    const tags = scheme.encode(8, spans);
    expect(Array.from(tags, (t) => scheme.tagName(t))).toEqual([
      'U-LOC',
      'O',
      'B-PER',
      'I-PER',
      'L-PER',
      'B-LOC',
      'L-LOC',
      'O',
    ]);
    expect(scheme.decode(tags)).toEqual(spans);
  });

  it('allows exactly the transitions of the BILUO grammar', () => {
    const K = scheme.nTags;
    const name = (t: number): string => scheme.tagName(t);
    const allowed: string[] = [];
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++)
        if (scheme.allowed[i * K + j]) allowed.push(`${name(i)}>${name(j)}`);
    }
    expect(allowed).toContain('B-PER>L-PER');
    expect(allowed).toContain('L-PER>B-LOC');
    expect(allowed).not.toContain('B-PER>O');
    expect(allowed).not.toContain('I-PER>L-LOC');
    expect(allowed).not.toContain('O>I-PER');
    expect(allowed).not.toContain('U-LOC>L-LOC');
    // From O, L or U: O, B-x, U-x (5 tags); from B or I: I or L of the same label (2 tags).
    expect(allowed.length).toBe(5 * (1 + 2 + 2) + 2 * 4);
    const starts = Array.from(scheme.startAllowed.keys()).filter((k) => scheme.startAllowed[k]);
    expect(starts.map(name)).toEqual(['O', 'B-PER', 'U-PER', 'B-LOC', 'U-LOC']);
    const ends = Array.from(scheme.endAllowed.keys()).filter((k) => scheme.endAllowed[k]);
    expect(ends.map(name)).toEqual(['O', 'L-PER', 'U-PER', 'L-LOC', 'U-LOC']);
  });

  it('rejects overlapping spans and unknown labels', () => {
    expect(() =>
      scheme.encode(4, [spans[0]!, { token_start: 0, token_end: 1, label: 'PER' }]),
    ).toThrow(/Overlapping/);
    expect(() => scheme.encode(4, [{ token_start: 0, token_end: 0, label: 'ORG' }])).toThrow(
      /Unknown/,
    );
  });
});
