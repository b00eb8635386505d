/**
 * BILUO tag scheme: `O` plus `B-`, `I-`, `L-`, `U-` per label (Begin, Inside, Last, Unit, Outside).
 * Tag ids are laid out as `0 = O`, then four consecutive ids per label in B, I, L, U order, so
 * `tagId(label, kind) = 1 + 4 * label + kind`. The scheme's grammar is enforced in the lattice by
 * masking invalid transitions and invalid first/last tags, so every path decodes to valid spans and
 * "tokens s..e carry B-X, I-X.., L-X" means exactly "one entity X spans s..e".
 */
import type { Span, Token } from '../types.js';

export const OUTSIDE = 0;
export const BEGIN = 0;
export const INSIDE = 1;
export const LAST = 2;
export const UNIT = 3;

/** A span by token indices only (end inclusive), what the CRF needs from an answer. */
export interface TokenSpan {
  token_start: number;
  token_end: number;
  label: string;
}

export class TagScheme {
  readonly labels: readonly string[];
  readonly nTags: number;
  /** 1 where `from → to` is allowed, row-major [from * nTags + to]. */
  readonly allowed: Uint8Array;
  /** 1 where a tag may open a sentence (O, B, U). */
  readonly startAllowed: Uint8Array;
  /** 1 where a tag may close a sentence (O, L, U). */
  readonly endAllowed: Uint8Array;
  private readonly labelIndex = new Map<string, number>();

  constructor(labels: readonly string[]) {
    if (labels.length === 0) throw new RangeError('A NER model needs at least one label');
    this.labels = [...labels];
    this.labels.forEach((label, i) => {
      if (this.labelIndex.has(label)) throw new RangeError(`Duplicate NER label "${label}"`);
      this.labelIndex.set(label, i);
    });
    const K = 1 + 4 * labels.length;
    this.nTags = K;
    this.allowed = new Uint8Array(K * K);
    this.startAllowed = new Uint8Array(K);
    this.endAllowed = new Uint8Array(K);
    for (let from = 0; from < K; from++) {
      for (let to = 0; to < K; to++)
        this.allowed[from * K + to] = isValidTransition(from, to) ? 1 : 0;
      const kind = from === OUTSIDE ? -1 : (from - 1) % 4;
      this.startAllowed[from] = kind === -1 || kind === BEGIN || kind === UNIT ? 1 : 0;
      this.endAllowed[from] = kind === -1 || kind === LAST || kind === UNIT ? 1 : 0;
    }
  }

  /** Index of a label, or -1 if the model does not know it. */
  labelId(label: string): number {
    return this.labelIndex.get(label) ?? -1;
  }

  tagId(labelId: number, kind: number): number {
    return 1 + 4 * labelId + kind;
  }

  tagName(tag: number): string {
    if (tag === OUTSIDE) return 'O';
    const kind = (tag - 1) % 4;
    return `${'BILU'[kind]}-${this.labels[(tag - 1) >> 2]}`;
  }

  /** Gold tags for a fully annotated sentence (tokens outside `spans` are O). Throws on overlap. */
  encode(nTokens: number, spans: readonly TokenSpan[]): Int32Array {
    const tags = new Int32Array(nTokens);
    for (const span of spans) {
      const label = this.requireLabel(span.label);
      for (let t = span.token_start; t <= span.token_end; t++) {
        if (tags[t] !== OUTSIDE) throw new RangeError(`Overlapping spans at token ${t}`);
      }
      this.writeSpanTags(tags, span.token_start, span.token_end, label);
    }
    return tags;
  }

  /** Writes the B..L (or U) tags of one entity into `tags`. */
  writeSpanTags(tags: Int32Array, start: number, end: number, label: number): void {
    if (start === end) {
      tags[start] = this.tagId(label, UNIT);
      return;
    }
    tags[start] = this.tagId(label, BEGIN);
    for (let t = start + 1; t < end; t++) tags[t] = this.tagId(label, INSIDE);
    tags[end] = this.tagId(label, LAST);
  }

  /** Spans of a valid BILUO sequence (as produced by Viterbi under the constraints). */
  decode(tags: ArrayLike<number>, nTokens = tags.length): TokenSpan[] {
    const spans: TokenSpan[] = [];
    let open = -1;
    for (let t = 0; t < nTokens; t++) {
      const tag = tags[t]!;
      if (tag === OUTSIDE) continue;
      const kind = (tag - 1) % 4;
      const label = this.labels[(tag - 1) >> 2]!;
      if (kind === UNIT) spans.push({ token_start: t, token_end: t, label });
      else if (kind === BEGIN) open = t;
      else if (kind === LAST) spans.push({ token_start: open, token_end: t, label });
    }
    return spans;
  }

  requireLabel(label: string): number {
    const id = this.labelId(label);
    if (id < 0)
      throw new RangeError(`Unknown NER label "${label}" (model has ${this.labels.join(', ')})`);
    return id;
  }
}

/** BILUO grammar: inside an entity (after B-X or I-X) only I-X or L-X may follow; else O, B-*, U-*. */
function isValidTransition(from: number, to: number): boolean {
  const fromKind = from === OUTSIDE ? -1 : (from - 1) % 4;
  const toKind = to === OUTSIDE ? -1 : (to - 1) % 4;
  const inside = fromKind === BEGIN || fromKind === INSIDE;
  if (inside) {
    return (toKind === INSIDE || toKind === LAST) && (to - 1) >> 2 === (from - 1) >> 2;
  }
  return toKind === -1 || toKind === BEGIN || toKind === UNIT;
}

/** A token span with character offsets, for returning Prodigy-style spans. */
export function toCharSpan(tokens: readonly Token[], span: TokenSpan): Span {
  return {
    start: tokens[span.token_start]!.start,
    end: tokens[span.token_end]!.end,
    token_start: span.token_start,
    token_end: span.token_end,
    label: span.label,
  };
}

/** Throws unless 0 ≤ token_start ≤ token_end < T. */
export function checkSpan(span: { token_start: number; token_end: number }, T: number): void {
  if (!(span.token_start >= 0 && span.token_start <= span.token_end && span.token_end < T)) {
    throw new RangeError(`Span ${span.token_start}..${span.token_end} is outside 0..${T - 1}`);
  }
}
