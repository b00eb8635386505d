/**
 * Hashed sparse features of a text for the text classifier: lowercased word unigrams, word bigrams
 * and character n-grams of each word padded with `<` `>` (fastText's subwords, Bojanowski et al.
 * 2017, which carry misspellings, inflections and unseen words). Every feature is hashed to a row
 * of a table with `2^bits` rows; there is no vocabulary.
 *
 * The output is a sparse vector with unique rows in ascending order; a row's value is the count of
 * its features, each scaled by its group weight, and the vector has unit L2 norm so long and short
 * texts train at the same scale. A linear model's logits are then
 * `z[k] = bias[k] + Σ_i values[i] · W[rows[i], k]`, which is also what an exported graph computes
 * (Gather the rows, multiply, reduce-sum).
 */
import { hashString } from '../hashing.js';
import { tokensFor } from '../tokenizer.js';
import type { Token } from '../types.js';

export interface TextcatFeatureConfig {
  /** log2 of the number of weight rows. */
  bits: number;
  /** Seed of the feature hash; a different seed gives a different (equally good) model. */
  seed: number;
  /** Weight of lowercased word unigrams (0 disables them). */
  unigramWeight: number;
  /** Weight of lowercased word bigrams (0 disables them). */
  bigramWeight: number;
  /** Weight of character n-grams (0 disables them). */
  charNgramWeight: number;
  /** Shortest and longest character n-gram, counting the `<` `>` word boundaries. */
  charNgramMin: number;
  charNgramMax: number;
}

export const DEFAULT_FEATURE_CONFIG: TextcatFeatureConfig = {
  bits: 18,
  seed: 0,
  unigramWeight: 1,
  bigramWeight: 1,
  charNgramWeight: 1,
  charNgramMin: 3,
  charNgramMax: 5,
};

/** A text, optionally with its tokens (kept when given, as for every engine input). */
export type TextcatInput = string | { text: string; tokens?: Token[] };

/** Words longer than this contribute no character n-grams (URLs, base64 blobs). */
const MAX_NGRAM_WORD = 30;
const UNIGRAM = 0;
const BIGRAM = 1;
const CHAR_NGRAM = 2;

/**
 * Reusable buffers, so scoring a stream of texts allocates no typed arrays. `rows`/`values` are
 * valid up to the count returned by `extractFeatures`.
 */
export class FeatureScratch {
  keys = new Int32Array(512);
  rows = new Int32Array(512);
  values = new Float32Array(512);
  private count = 0;

  reset(): void {
    this.count = 0;
  }

  add(row: number, group: number): void {
    if (this.count === this.keys.length) {
      const grown = new Int32Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
      this.rows = new Int32Array(grown.length);
      this.values = new Float32Array(grown.length);
    }
    // Row and group packed in one int, so a numeric typed-array sort groups equal rows.
    this.keys[this.count++] = (row << 2) | group;
  }

  /** Sorts, merges equal rows, scales and normalizes; returns the number of unique rows. */
  finish(groupWeights: readonly number[]): number {
    const keys = this.keys.subarray(0, this.count).sort();
    const { rows, values } = this;
    let unique = -1;
    let norm = 0;
    for (let i = 0; i < keys.length; i++) {
      const row = keys[i] >>> 2;
      const weight = groupWeights[keys[i] & 3];
      if (unique >= 0 && rows[unique] === row) {
        values[unique] += weight;
      } else {
        if (unique >= 0) norm += values[unique] * values[unique];
        rows[++unique] = row;
        values[unique] = weight;
      }
    }
    if (unique >= 0) norm += values[unique] * values[unique];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i <= unique; i++) values[i] *= scale;
    return unique + 1;
  }
}

/** Extracts the features of `input` into `scratch`; returns how many unique rows it holds. */
export function extractFeatures(
  input: TextcatInput,
  config: TextcatFeatureConfig,
  scratch: FeatureScratch,
): number {
  const tokens = typeof input === 'string' ? tokensFor({ text: input }) : tokensFor(input);
  const mask = (1 << config.bits) - 1;
  const { seed, charNgramMin, charNgramMax } = config;
  scratch.reset();
  let previous = '';
  for (let t = 0; t < tokens.length; t++) {
    const word = tokens[t].text.toLowerCase();
    if (config.unigramWeight !== 0) scratch.add(hashString(word, seed) & mask, UNIGRAM);
    if (config.bigramWeight !== 0 && t > 0) {
      // Chained seeds hash the pair without building the string "previous word".
      scratch.add(hashString(word, hashString(previous, seed + 1)) & mask, BIGRAM);
    }
    previous = word;
    if (config.charNgramWeight === 0 || word.length > MAX_NGRAM_WORD) continue;
    const padded = `<${word}>`;
    for (let n = charNgramMin; n <= charNgramMax && n <= padded.length; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        scratch.add(hashString(padded.slice(i, i + n), seed + 2) & mask, CHAR_NGRAM);
      }
    }
  }
  const weights = [config.unigramWeight, config.bigramWeight, config.charNgramWeight];
  return scratch.finish(weights);
}

/**
 * The hashed feature vector of a text: unique ascending `rows` of the weight table and their
 * `values` (unit L2 norm). Use it to score outside the engine: logits = bias + Σ values · W[rows].
 */
export function textcatFeatures(
  input: TextcatInput,
  config: Partial<TextcatFeatureConfig> = {},
): { rows: Int32Array; values: Float32Array } {
  const scratch = new FeatureScratch();
  const count = extractFeatures(input, { ...DEFAULT_FEATURE_CONFIG, ...config }, scratch);
  return { rows: scratch.rows.slice(0, count), values: scratch.values.slice(0, count) };
}
