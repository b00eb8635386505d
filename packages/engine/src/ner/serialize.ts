/**
 * The saved form of a NER model: plain JSON with the weight tables as base64 of their
 * little-endian Float32 bytes (`float32-base64.ts`), so a model round-trips bit for bit.
 */
import type { WordVectorsInfo } from '../vectors/index.js';
import { NER_FEATURES_VERSION, type NerFeatureConfig } from './features.js';

export const NER_MODEL_FORMAT = 'chorus-ner-crf';
export const NER_MODEL_VERSION = 1;

export interface NerModelJSON {
  format: typeof NER_MODEL_FORMAT;
  version: number;
  labels: string[];
  features: NerFeatureConfig & { version: number };
  options: { learnRate: number; initialAccumulator: number; average: boolean };
  updates: number;
  /** base64 Float32 [(2^bits + 1) × nTags]. */
  weights: string;
  /** base64 Float32 [nTags × nTags]. */
  transitions: string;
  /** Present when trained with word vectors: `fromJSON` then needs the same vectors. */
  vectors?: WordVectorsInfo;
  /** base64 Float32 [dims × nTags] (with `vectors`). */
  denseWeights?: string;
}

/** Rejects files written by another format or feature set, whose weights would mean nothing. */
export function checkNerModelJSON(json: NerModelJSON): void {
  if (json.format !== NER_MODEL_FORMAT || json.version !== NER_MODEL_VERSION) {
    throw new RangeError(`Not a ${NER_MODEL_FORMAT} v${NER_MODEL_VERSION} model`);
  }
  if (json.features.version !== NER_FEATURES_VERSION) {
    throw new RangeError(
      `Model features v${json.features.version} differ from this engine's v${NER_FEATURES_VERSION}`,
    );
  }
}
