/**
 * CRF decoding from emission scores: the one path from a sentence's emissions [T × nTags] and a
 * transition table to what callers ask of the NER model — Viterbi entities scored by their exact
 * marginal probability, P(best path), token marginals, span marginals and ner.teach suggestions.
 * `NerModel` fills the emissions from its weights; the ONNX backend copies them from a runtime's
 * output (`onnx/ner-from-emissions.ts`). Both then query the same analysis.
 *
 * Use: write the emissions into `emissionBuffer(T)` and call `analyze(T)` (or hand any array to
 * `analyzeEmissions`); every query reads that analysis until the next one.
 */
import type { Token } from '../types.js';
import { Lattice, type TransitionTable } from './lattice.js';
import type { NerSentencePrediction, ScoredSpan, SpanTags } from './model-types.js';
import { candidateSpans, type SuggestOptions } from './spans.js';
import {
  BEGIN,
  INSIDE,
  LAST,
  type TagScheme,
  type TokenSpan,
  UNIT,
  checkSpan,
  toCharSpan,
} from './tags.js';

export class NerDecoder {
  private readonly lattice: Lattice;
  private readonly tagsByLabel: SpanTags[];
  private emissions = new Float64Array(0);
  private path = new Int32Array(0);
  /** Tokens of the sentence last analysed. */
  private length = 0;

  constructor(
    readonly scheme: TagScheme,
    /** Read at every query, so an owner may rebuild it in place (`buildTransitionTable(…, into)`). */
    readonly transitionTable: TransitionTable,
  ) {
    this.lattice = new Lattice(scheme.nTags);
    this.tagsByLabel = scheme.labels.map((_, label) => ({
      begin: scheme.tagId(label, BEGIN),
      inside: scheme.tagId(label, INSIDE),
      last: scheme.tagId(label, LAST),
      unit: scheme.tagId(label, UNIT),
    }));
  }

  get labels(): readonly string[] {
    return this.scheme.labels;
  }

  get nTags(): number {
    return this.scheme.nTags;
  }

  /** Tag ids of one label's B, I, L and U tags. */
  spanTags(label: number): SpanTags {
    return this.tagsByLabel[label]!;
  }

  /** The buffer to write a T-token sentence's emissions into, row-major [T × nTags]. */
  emissionBuffer(T: number): Float64Array {
    const K = this.nTags;
    if (this.emissions.length < T * K) this.emissions = new Float64Array(Math.max(T, 64) * 2 * K);
    return this.emissions;
  }

  /** Forward–backward over the first T rows of `emissionBuffer`. */
  analyze(T: number): void {
    this.length = T;
    if (T > 0) this.lattice.run(this.emissions, T, this.transitionTable, null);
  }

  /** Copies `emissions` [T × nTags] (float32 from a runtime, say) into float64 and analyses them. */
  analyzeEmissions(emissions: ArrayLike<number>, T: number): void {
    const n = T * this.nTags;
    if (emissions.length !== n) {
      throw new RangeError(
        `expected ${n} emission scores (${T} × ${this.nTags}), got ${emissions.length}`,
      );
    }
    const buffer = this.emissionBuffer(T);
    for (let i = 0; i < n; i++) buffer[i] = emissions[i]!;
    this.analyze(T);
  }

  /** The best (Viterbi) entities of the analysed sentence, each with its exact marginal. */
  predict(tokens: readonly Token[]): ScoredSpan[] {
    return this.viterbi(tokens).spans;
  }

  /**
   * `predict` plus what uncertainty sorters need: P(best path) = exp(score(y*) − log Z) and the
   * token marginals [T × nTags].
   */
  predictSentence(tokens: readonly Token[]): NerSentencePrediction {
    const { spans, score } = this.viterbi(tokens);
    if (tokens.length === 0) return { spans, pathProbability: 1, marginals: new Float64Array(0) };
    return {
      spans,
      pathProbability: Math.exp(score - this.lattice.logZ),
      marginals: this.tokenMarginals(),
    };
  }

  /** Token tag marginals [T × nTags] of the analysed sentence (row t sums to 1). */
  tokenMarginals(): Float64Array {
    return this.lattice.marginals(new Float64Array(this.length * this.nTags));
  }

  /** Exact P(tokens token_start..token_end form exactly one entity of `label`). */
  spanMarginal(span: TokenSpan): number {
    checkSpan(span, this.length);
    return this.probabilityOf(span);
  }

  /** Candidate entities for binary annotation (ner.teach): every span with P ≥ threshold. */
  suggest(tokens: readonly Token[], options: SuggestOptions = {}): ScoredSpan[] {
    if (tokens.length === 0) return [];
    this.checkLength(tokens.length);
    return candidateSpans(this, this.lattice, tokens, options);
  }

  private viterbi(tokens: readonly Token[]): { spans: ScoredSpan[]; score: number } {
    const T = tokens.length;
    if (T === 0) return { spans: [], score: 0 };
    this.checkLength(T);
    if (this.path.length < T) this.path = new Int32Array(Math.max(T, 2 * this.path.length));
    const score = this.lattice.viterbi(this.emissions, T, this.transitionTable, this.path);
    const spans = this.scheme.decode(this.path, T).map((span) => ({
      ...toCharSpan(tokens, span),
      score: this.probabilityOf(span),
    }));
    return { spans, score };
  }

  private probabilityOf(span: TokenSpan): number {
    const tags = this.tagsByLabel[this.scheme.requireLabel(span.label)]!;
    return this.lattice.spanProbability(
      span.token_start,
      span.token_end,
      tags,
      this.transitionTable,
    );
  }

  private checkLength(T: number): void {
    if (T !== this.length) {
      throw new RangeError(`${T} tokens given, but the analysed sentence has ${this.length}`);
    }
  }
}
