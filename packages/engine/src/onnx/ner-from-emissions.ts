/**
 * NER inference from emission scores computed elsewhere (an ONNX runtime): the `NerDecoder` that
 * `NerModel` uses, fed by the transition table of a model version's metadata instead of a model's
 * weights. This module only turns that metadata back into a transition table.
 */
import { NerDecoder } from '../ner/decoder.js';
import { buildTransitionTable } from '../ner/lattice.js';
import type { NerSentencePrediction, ScoredSpan } from '../ner/model-types.js';
import type { SuggestOptions } from '../ner/spans.js';
import { TagScheme, type TokenSpan } from '../ner/tags.js';
import type { Token } from '../types.js';
import type { NerCrfScores } from './export-ner.js';

/** The decoder of a model version: labels and CRF scores from its metadata. */
export function decoderFromCrfScores(labels: readonly string[], crf: NerCrfScores): NerDecoder {
  const scheme = new TagScheme(labels);
  const K = scheme.nTags;
  // The tag layout decides how paths decode to spans: refuse metadata written for another one.
  const names = Array.from({ length: K }, (_, k) => scheme.tagName(k));
  if (crf.tags.join('\u0000') !== names.join('\u0000')) {
    throw new RangeError(`CRF tags ${crf.tags.join(',')} do not match labels ${labels.join(',')}`);
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
  return new NerDecoder(scheme, buildTransitionTable(weights, allowed, start, end, K));
}

/** `NerModel`'s queries on emissions given per call, [T × nTags] row-major (e.g. float32). */
export class NerEmissionDecoder {
  private readonly decoder: NerDecoder;

  constructor(labels: readonly string[], crf: NerCrfScores) {
    this.decoder = decoderFromCrfScores(labels, crf);
  }

  get scheme(): TagScheme {
    return this.decoder.scheme;
  }

  get nTags(): number {
    return this.decoder.nTags;
  }

  /** Viterbi entities with exact marginals, P(best path) and token marginals, as `NerModel`. */
  predictSentence(tokens: readonly Token[], emissions: ArrayLike<number>): NerSentencePrediction {
    this.decoder.analyzeEmissions(emissions, tokens.length);
    return this.decoder.predictSentence(tokens);
  }

  /** Exact P(tokens token_start..token_end form exactly one entity of `label`). */
  spanMarginal(T: number, emissions: ArrayLike<number>, span: TokenSpan): number {
    this.decoder.analyzeEmissions(emissions, T);
    return this.decoder.spanMarginal(span);
  }

  /** Every span with P ≥ threshold, most probable first (`NerModel.suggest` on given emissions). */
  suggest(
    tokens: readonly Token[],
    emissions: ArrayLike<number>,
    options: SuggestOptions = {},
  ): ScoredSpan[] {
    this.decoder.analyzeEmissions(emissions, tokens.length);
    return this.decoder.suggest(tokens, options);
  }
}
