/**
 * Manual NER's selection logic, without the DOM: spans always cover whole tokens (a drag that
 * starts or ends mid-word takes the whole word), a new span replaces the spans it overlaps, and
 * the character offsets stored are the tokens' own.
 */

export interface SelectableToken {
  start: number;
  end: number;
}

/** A span as it is answered: character and (inclusive) token offsets, Prodigy's fields. */
export interface MarkedSpan {
  start: number;
  end: number;
  tokenStart: number;
  tokenEnd: number;
  label: string;
}

/** A range of tokens, from anchor to focus in either direction. */
export interface TokenRange {
  anchor: number;
  focus: number;
}

/** The first and last token of a range, in order. */
export function orderedRange({ anchor, focus }: TokenRange): [number, number] {
  return anchor <= focus ? [anchor, focus] : [focus, anchor];
}

/** The span of a range of tokens, with the tokens' character offsets. */
export function spanOfRange(
  tokens: readonly SelectableToken[],
  range: TokenRange,
  label: string,
): MarkedSpan {
  const [first, last] = orderedRange(range);
  if (first < 0 || last >= tokens.length) {
    throw new RangeError(`tokens ${first}–${last} are outside 0–${tokens.length - 1}`);
  }
  return {
    start: tokens[first]!.start,
    end: tokens[last]!.end,
    tokenStart: first,
    tokenEnd: last,
    label,
  };
}

/** The tokens a character range touches, so a selection made in the text snaps to tokens. */
export function rangeOfCharacters(
  tokens: readonly SelectableToken[],
  start: number,
  end: number,
): TokenRange | null {
  let first = -1;
  let last = -1;
  tokens.forEach((token, i) => {
    if (token.end > start && token.start < end) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return first < 0 ? null : { anchor: first, focus: last };
}

/** A span as the API gives it: token offsets may be missing (a text imported without tokens). */
export interface GivenSpan {
  start: number;
  end: number;
  label: string;
  tokenStart: number | null;
  tokenEnd: number | null;
}

/** Spans from the API as spans the view can edit: with token offsets, snapped to the tokens. */
export function markedSpans(
  tokens: readonly SelectableToken[],
  spans: readonly GivenSpan[],
): MarkedSpan[] {
  return spans.flatMap((span): MarkedSpan[] => {
    if (span.tokenStart !== null && span.tokenEnd !== null) {
      return [{ ...span, tokenStart: span.tokenStart, tokenEnd: span.tokenEnd }];
    }
    const range = rangeOfCharacters(tokens, span.start, span.end);
    return range ? [spanOfRange(tokens, range, span.label)] : [];
  });
}

/** Adds a span; spans it overlaps go (the annotator just said what these tokens are). */
export function addSpan(spans: readonly MarkedSpan[], span: MarkedSpan): MarkedSpan[] {
  const kept = spans.filter((s) => s.tokenEnd < span.tokenStart || s.tokenStart > span.tokenEnd);
  return [...kept, span].sort((a, b) => a.tokenStart - b.tokenStart);
}

/** The span covering a token, if any. */
export function spanAt(spans: readonly MarkedSpan[], token: number): MarkedSpan | undefined {
  return spans.find((s) => s.tokenStart <= token && token <= s.tokenEnd);
}

export function removeSpan(spans: readonly MarkedSpan[], span: MarkedSpan): MarkedSpan[] {
  return spans.filter((s) => s !== span);
}

/** The keyboard cursor after an arrow key, kept on the tokens. */
export function moveCursor(cursor: number, step: -1 | 1, tokenCount: number): number {
  return Math.min(Math.max(cursor + step, 0), Math.max(tokenCount - 1, 0));
}
