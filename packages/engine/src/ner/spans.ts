/**
 * Candidate entities for binary annotation (ner.teach): instead of a beam, every span whose exact
 * marginal probability reaches a threshold, found from the B/U token marginals and extended to the
 * right while the probability of continuing stays above the threshold (see `Lattice.spansFrom`).
 */
import type { Token } from '../types.js';
import type { Lattice, TransitionTable } from './lattice.js';
import type { ScoredSpan, SpanTags } from './model-types.js';
import { toCharSpan } from './tags.js';

export interface SuggestOptions {
  /** Smallest marginal probability worth asking about (default 0.05). */
  threshold?: number;
  /** Keep only the most probable spans of the sentence (default: all). */
  maxPerSentence?: number;
  /** Longest span in tokens (default 12). */
  maxLength?: number;
}

/** What the span search needs of a CRF: its labels' tag ids and its transition table. */
export interface SpanSearchTables {
  readonly labels: readonly string[];
  spanTags(label: number): SpanTags;
  readonly transitionTable: TransitionTable;
}

/** Spans of the sentence last analysed by `lattice`, most probable first. */
export function candidateSpans(
  crf: SpanSearchTables,
  lattice: Lattice,
  tokens: readonly Token[],
  options: SuggestOptions,
): ScoredSpan[] {
  const threshold = Math.max(options.threshold ?? 0.05, Number.MIN_VALUE);
  const maxLength = options.maxLength ?? 12;
  const found: ScoredSpan[] = [];
  const table = crf.transitionTable;
  crf.labels.forEach((label, labelId) => {
    const tags = crf.spanTags(labelId);
    for (let s = 0; s < tokens.length; s++) {
      lattice.spansFrom(s, tags, table, threshold, maxLength, (e, score) => {
        found.push({ ...toCharSpan(tokens, { token_start: s, token_end: e, label }), score });
      });
    }
  });
  found.sort((a, b) => b.score - a.score || a.start - b.start);
  const max = options.maxPerSentence ?? Infinity;
  return found.length > max ? found.slice(0, max) : found;
}
