/**
 * Matching patterns against tokens. A token pattern with quantifiers is a small regular expression
 * over tokens; it runs as a Thompson NFA (the set of pattern positions reachable so far advances one
 * token at a time), which is exact backtracking semantics — `[{"op": "*"}, {"lower": "b"}]` finds
 * "a a b" — in time linear in the tokens, never exponential.
 *
 * For each pattern and start token the longest match is kept, and a match inside a longer match of
 * the same pattern is dropped ("New York City" for `[{"is_title": true, "op": "+"}]`, not also
 * "York City"). Matches of different patterns may overlap; `longestNonOverlapping` picks among them.
 */
import { tokensFor } from '../tokenizer.js';
import type { Token } from '../types.js';
import type { Pattern, TokenSpec } from './parse.js';
import { booleanAttribute, wordShape } from './token-attributes.js';

export interface PatternMatch {
  /** Character offsets, end exclusive. */
  start: number;
  end: number;
  /** Token indices, end inclusive (Prodigy's span convention). */
  token_start: number;
  token_end: number;
  label: string;
  /** Id of the pattern that matched. */
  pattern: string;
}

/** Per-call cache of token attributes, so many patterns test each token cheaply. */
class TokenView {
  private readonly lower: (string | undefined)[];
  private readonly shape: (string | undefined)[];
  constructor(readonly tokens: Token[]) {
    this.lower = new Array<string | undefined>(tokens.length);
    this.shape = new Array<string | undefined>(tokens.length);
  }

  matches(spec: TokenSpec, t: number): boolean {
    const text = this.tokens[t].text;
    for (const { attribute, value } of spec.strings) {
      let actual: string;
      if (attribute === 'orth' || attribute === 'text') actual = text;
      else if (attribute === 'lower') actual = this.lower[t] ??= text.toLowerCase();
      else actual = this.shape[t] ??= wordShape(text);
      if (actual !== value) return false;
    }
    for (const { attribute, value } of spec.booleans) {
      if (booleanAttribute(text, attribute) !== value) return false;
    }
    return true;
  }
}

/**
 * End (exclusive token index) of the longest non-empty match of `specs` at `start`, or -1.
 * `a` and `b` are scratch state sets of at least `specs.length + 1` entries.
 */
function longestMatch(
  specs: TokenSpec[],
  view: TokenView,
  start: number,
  a: Uint8Array,
  b: Uint8Array,
): number {
  const m = specs.length;
  let states = a.fill(0, 0, m + 1);
  let next = b;
  states[0] = 1;
  closeOver(specs, states);
  let best = -1;
  for (let t = start; t < view.tokens.length; t++) {
    next.fill(0, 0, m + 1);
    let alive = false;
    for (let i = 0; i < m; i++) {
      if (!states[i]) continue;
      const spec = specs[i];
      const ok = view.matches(spec, t) !== (spec.op === '!');
      if (!ok) continue;
      if (spec.op === '+' || spec.op === '*') next[i] = 1; // may take more tokens
      next[i + 1] = 1;
      alive = true;
    }
    if (!alive) break;
    closeOver(specs, next);
    if (next[m]) best = t + 1;
    [states, next] = [next, states];
  }
  return best;
}

/** Adds the positions reachable by skipping optional elements (`?`, `*`). */
function closeOver(specs: TokenSpec[], states: Uint8Array): void {
  for (let i = 0; i < specs.length; i++) {
    if (states[i] && (specs[i].op === '?' || specs[i].op === '*')) states[i + 1] = 1;
  }
}

/** Phrase patterns grouped by their first token's text, so each start looks up only candidates. */
function phraseIndex(patterns: readonly Pattern[]): Map<string, Pattern[]> {
  const index = new Map<string, Pattern[]>();
  for (const pattern of patterns) {
    if (pattern.phrase === undefined) continue;
    const first = pattern.tokens[0].strings[0].value;
    const list = index.get(first);
    if (list) list.push(pattern);
    else index.set(first, [pattern]);
  }
  return index;
}

function phraseEnd(pattern: Pattern, tokens: Token[], start: number): number {
  const specs = pattern.tokens;
  if (start + specs.length > tokens.length) return -1;
  for (let k = 0; k < specs.length; k++) {
    if (tokens[start + k].text !== specs[k].strings[0].value) return -1;
  }
  return start + specs.length;
}

/** All matches of `patterns` in `tokens`, ordered by start, longer first, then pattern order. */
export function matchPatterns(tokens: Token[], patterns: readonly Pattern[]): PatternMatch[] {
  const view = new TokenView(tokens);
  const phrases = phraseIndex(patterns);
  const order = new Map(patterns.map((p, k) => [p.id, k]));
  const reach = new Map<string, number>(); // per pattern: furthest end matched so far
  const matches: PatternMatch[] = [];
  const longest = patterns.reduce((max, p) => Math.max(max, p.tokens.length), 0);
  const stateA = new Uint8Array(longest + 1);
  const stateB = new Uint8Array(longest + 1);
  const add = (pattern: Pattern, s: number, e: number) => {
    if (e <= s || e <= (reach.get(pattern.id) ?? -1)) return; // nested in an earlier match
    reach.set(pattern.id, e);
    matches.push({
      start: tokens[s].start,
      end: tokens[e - 1].end,
      token_start: s,
      token_end: e - 1,
      label: pattern.label,
      pattern: pattern.id,
    });
  };
  for (let s = 0; s < tokens.length; s++) {
    for (const pattern of phrases.get(tokens[s].text) ?? []) {
      add(pattern, s, phraseEnd(pattern, tokens, s));
    }
    for (const pattern of patterns) {
      if (pattern.phrase === undefined)
        add(pattern, s, longestMatch(pattern.tokens, view, s, stateA, stateB));
    }
  }
  return matches.sort(
    (a, b) =>
      a.token_start - b.token_start ||
      b.token_end - a.token_end ||
      order.get(a.pattern)! - order.get(b.pattern)!,
  );
}

/**
 * Non-overlapping matches, longest first (ties: earlier start, then pattern order), as spaCy's
 * `filter_spans`; for pre-highlighting entities where spans may not overlap.
 */
export function longestNonOverlapping(matches: readonly PatternMatch[]): PatternMatch[] {
  const ranked = matches
    .map((match, k) => ({ match, k }))
    .sort(
      (a, b) =>
        b.match.token_end - b.match.token_start - (a.match.token_end - a.match.token_start) ||
        a.match.token_start - b.match.token_start ||
        a.k - b.k,
    );
  const taken: PatternMatch[] = [];
  for (const { match } of ranked) {
    if (taken.every((m) => match.token_end < m.token_start || match.token_start > m.token_end)) {
      taken.push(match);
    }
  }
  return taken.sort((a, b) => a.token_start - b.token_start);
}

/**
 * Text classification proposals: each pattern that matches anywhere proposes its label for the
 * whole text, once, in order of first match.
 */
export function matchTextcatPatterns(
  input: string | { text: string; tokens?: Token[] },
  patterns: readonly Pattern[],
): { label: string; pattern: string }[] {
  const tokens = tokensFor(typeof input === 'string' ? { text: input } : input);
  const seen = new Set<string>();
  const proposals: { label: string; pattern: string }[] = [];
  for (const match of matchPatterns(tokens, patterns)) {
    if (seen.has(match.pattern)) continue;
    seen.add(match.pattern);
    proposals.push({ label: match.label, pattern: match.pattern });
  }
  return proposals;
}
