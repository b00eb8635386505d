/**
 * NER inference from emission scores computed elsewhere (an ONNX runtime): Viterbi, exact span
 * marginals and ner.teach suggestions, with the same lattice code as `NerModel`, fed by the
 * transition table of a model version's metadata instead of the model's weights.
 *
 * `NerModel` only starts from feature rows (its `analyze` is private) and `candidateSpans` takes a
 * whole `NerModel`, so this module rebuilds the small glue around `Lattice` (see the report:
 * an `emissions` entry point on `NerModel` would make this file a thin adapter).
 */
import type { NerSentencePrediction, ScoredSpan, SpanTags } from '../ner/crf.js';
import { Lattice, buildTransitionTable, type TransitionTable } from '../ner/lattice.js';
import type { SuggestOptions } from '../ner/spans.js';
import { BEGIN, INSIDE, LAST, TagScheme, UNIT, checkSpan, toCharSpan } from '../ner/tags.js';
import type { TokenSpan } from '../ner/tags.js';
import type { Token } from '../types.js';
import type { NerCrfScores } from './export-ner.js';

export class NerEmissionDecoder {
  readonly scheme: TagScheme;
  private readonly table: TransitionTable;
  private readonly lattice: Lattice;
  private readonly tags: SpanTags[];
  private emissions = new Float64Array(0);
  private path = new Int32Array(0);

  constructor(labels: readonly string[], crf: NerCrfScores) {
    const scheme = new TagScheme(labels);
    const K = scheme.nTags;
    // The tag layout decides how paths decode to spans: refuse metadata written for another one.
    const names = Array.from({ length: K }, (_, k) => scheme.tagName(k));
    if (crf.tags.join('\u0000') !== names.join('\u0000')) {
      throw new RangeError(
        `CRF tags ${crf.tags.join(',')} do not match labels ${labels.join(',')}`,
      );
    }
    if (crf.transitions.length !== K || crf.transitions.some((row) => row.length !== K)) {
      throw new RangeError(`CRF transitions must be ${K} × ${K}`);
    }
    const weights = new Float32Array(K * K);
    const allowed = new Uint8Array(K * K);
    crf.transitions.forEach((row, i) =>
      row.forEach((value, j) => {
        allowed[i * K + j] = value === null ? 0 : 1;
        weights[i * K + j] = value ?? 0;
      }),
    );
    // The lattice models start/end as allowed-or-forbidden (scores 0 or −∞), as the CRF does.
    const boundary = (scores: (number | null)[], name: string) =>
      Uint8Array.from(scores, (s) => {
        if (s !== null && s !== 0) throw new RangeError(`${name} scores must be 0 or null`);
        return s === null ? 0 : 1;
      });
    const start = boundary(crf.start, 'start');
    const end = boundary(crf.end, 'end');
    this.scheme = scheme;
    this.table = buildTransitionTable(weights, allowed, start, end, K);
    this.lattice = new Lattice(K);
    this.tags = scheme.labels.map((_, label) => ({
      begin: scheme.tagId(label, BEGIN),
      inside: scheme.tagId(label, INSIDE),
      last: scheme.tagId(label, LAST),
      unit: scheme.tagId(label, UNIT),
    }));
  }

  get nTags(): number {
    return this.scheme.nTags;
  }

  /** Viterbi entities with exact marginals, P(best path) and token marginals, as `NerModel`. */
  predictSentence(tokens: readonly Token[], emissions: ArrayLike<number>): NerSentencePrediction {
    const T = tokens.length;
    if (T === 0) return { spans: [], pathProbability: 1, marginals: new Float64Array(0) };
    this.analyze(T, emissions);
    if (this.path.length < T) this.path = new Int32Array(Math.max(T, 2 * this.path.length));
    const pathScore = this.lattice.viterbi(this.emissions, T, this.table, this.path);
    const spans = this.scheme.decode(this.path, T).map((span) => ({
      ...toCharSpan(tokens, span),
      score: this.probabilityOf(span),
    }));
    return {
      spans,
      pathProbability: Math.exp(pathScore - this.lattice.logZ),
      marginals: this.lattice.marginals(new Float64Array(T * this.nTags)),
    };
  }

  /** Exact P(tokens token_start..token_end form exactly one entity of `label`). */
  spanMarginal(T: number, emissions: ArrayLike<number>, span: TokenSpan): number {
    checkSpan(span, T);
    this.analyze(T, emissions);
    return this.probabilityOf(span);
  }

  /** Every span with P ≥ threshold, most probable first (`NerModel.suggest` on given emissions). */
  suggest(
    tokens: readonly Token[],
    emissions: ArrayLike<number>,
    options: SuggestOptions = {},
  ): ScoredSpan[] {
    if (tokens.length === 0) return [];
    this.analyze(tokens.length, emissions);
    const threshold = Math.max(options.threshold ?? 0.05, Number.MIN_VALUE);
    const maxLength = options.maxLength ?? 12;
    const found: ScoredSpan[] = [];
    this.scheme.labels.forEach((label, labelId) => {
      for (let s = 0; s < tokens.length; s++) {
        this.lattice.spansFrom(s, this.tags[labelId]!, this.table, threshold, maxLength, (e, p) => {
          found.push({ ...toCharSpan(tokens, { token_start: s, token_end: e, label }), score: p });
        });
      }
    });
    found.sort((a, b) => b.score - a.score || a.start - b.start);
    const max = options.maxPerSentence ?? Infinity;
    return found.length > max ? found.slice(0, max) : found;
  }

  /** Forward–backward on float64 copies of the emissions (the lattice's precision). */
  private analyze(T: number, emissions: ArrayLike<number>): void {
    const n = T * this.nTags;
    if (emissions.length !== n) {
      throw new RangeError(
        `expected ${n} emission scores (${T} × ${this.nTags}), got ${emissions.length}`,
      );
    }
    if (this.emissions.length < n)
      this.emissions = new Float64Array(Math.max(n, 2 * this.emissions.length));
    for (let i = 0; i < n; i++) this.emissions[i] = emissions[i]!;
    this.lattice.run(this.emissions, T, this.table, null);
  }

  private probabilityOf(span: TokenSpan): number {
    const tags = this.tags[this.scheme.requireLabel(span.label)]!;
    return this.lattice.spanProbability(span.token_start, span.token_end, tags, this.table);
  }
}
