/**
 * The CRF's scores as plain arrays, for an ONNX export (emissions as Gather + ReduceSum over the
 * rows of `nerFeatureRows`, then the same Viterbi/forward–backward over these tables).
 */
import type { NerModel } from './crf.js';

/** Emission scores [T × nTags] of a sentence (what an ONNX export must reproduce). */
export function emissionScores(model: NerModel, tokens: readonly { text: string }[]): Float32Array {
  const out = new Float64Array(tokens.length * model.nTags);
  model.emissionsInto(model.featureRows(tokens), tokens.length, out, model.denseInputs(tokens));
  return Float32Array.from(out);
}

/** Transition scores [nTags × nTags] with −Infinity where the BILUO grammar forbids i → j. */
export function transitionScores(model: NerModel): Float32Array {
  return Float32Array.from(model.transitionTable.log);
}

/** Start/end scores [nTags]: 0 where a tag may open/close a sentence, −Infinity otherwise. */
export function boundaryScores(model: NerModel): { start: Float32Array; end: Float32Array } {
  const score = (allowed: Uint8Array) => Float32Array.from(allowed, (a) => (a ? 0 : -Infinity));
  return { start: score(model.scheme.startAllowed), end: score(model.scheme.endAllowed) };
}
