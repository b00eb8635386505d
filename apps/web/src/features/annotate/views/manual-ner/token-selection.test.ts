import { describe, expect, it } from 'vitest';
import {
  addSpan,
  markedSpans,
  moveCursor,
  rangeOfCharacters,
  removeSpan,
  spanAt,
  spanOfRange,
  type MarkedSpan,
} from './token-selection';

/** "Jan Smit flew to New York ." tokenized by whitespace. */
const text = 'Jan Smit flew to New York .';
const tokens = [...text.matchAll(/\S+/g)].map((m) => ({
  start: m.index,
  end: m.index + m[0].length,
}));

describe('manual NER token selection', () => {
  it('makes a span with the character offsets of its first and last tokens', () => {
    const span = spanOfRange(tokens, { anchor: 4, focus: 5 }, 'LOC');
    expect(span).toEqual({ start: 17, end: 25, tokenStart: 4, tokenEnd: 5, label: 'LOC' });
    expect(text.slice(span.start, span.end)).toBe('New York');
  });

  it('is the same span whichever way the drag went', () => {
    expect(spanOfRange(tokens, { anchor: 1, focus: 0 }, 'PER')).toEqual(
      spanOfRange(tokens, { anchor: 0, focus: 1 }, 'PER'),
    );
  });

  it('snaps a selection that starts or ends inside a word to whole tokens', () => {
    // "an Sm" — from inside "Jan" to inside "Smit".
    const range = rangeOfCharacters(tokens, 1, 6)!;
    expect(spanOfRange(tokens, range, 'PER')).toMatchObject({ start: 0, end: 8 });
    // Whitespace alone touches no token.
    expect(rangeOfCharacters(tokens, 3, 4)).toBeNull();
  });

  it('replaces the spans a new span overlaps and keeps the others in order', () => {
    const per = spanOfRange(tokens, { anchor: 0, focus: 1 }, 'PER');
    const loc = spanOfRange(tokens, { anchor: 4, focus: 5 }, 'LOC');
    const york = spanOfRange(tokens, { anchor: 5, focus: 5 }, 'GPE');
    let spans: MarkedSpan[] = addSpan(addSpan([], loc), per);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'LOC']);
    spans = addSpan(spans, york);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'GPE']);
    expect(spanAt(spans, 1)?.label).toBe('PER');
    expect(spanAt(spans, 2)).toBeUndefined();
    expect(removeSpan(spans, spans[0]!).map((s) => s.label)).toEqual(['GPE']);
  });

  it('refuses tokens outside the text', () => {
    expect(() => spanOfRange(tokens, { anchor: 6, focus: 7 }, 'X')).toThrow(RangeError);
  });

  it('keeps the keyboard cursor on the tokens', () => {
    expect(moveCursor(0, -1, tokens.length)).toBe(0);
    expect(moveCursor(6, 1, tokens.length)).toBe(6);
    expect(moveCursor(2, 1, tokens.length)).toBe(3);
  });
});

describe('spans from the API', () => {
  it('keep their token offsets, or get them from the characters when the API has none', () => {
    const given = [
      { start: 17, end: 25, label: 'LOC', tokenStart: 4, tokenEnd: 5 },
      { start: 1, end: 6, label: 'PER', tokenStart: null, tokenEnd: null },
      { start: 3, end: 4, label: 'GAP', tokenStart: null, tokenEnd: null },
    ];
    expect(markedSpans(tokens, given)).toEqual([
      { start: 17, end: 25, label: 'LOC', tokenStart: 4, tokenEnd: 5 },
      { start: 0, end: 8, label: 'PER', tokenStart: 0, tokenEnd: 1 },
    ]);
  });
});
