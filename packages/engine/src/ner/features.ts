/**
 * Hashed sparse features for the NER CRF. Every token gets exactly `NER_FEATURES_PER_TOKEN` rows of
 * the weight table (a fixed width, so emissions are a Gather + ReduceSum in ONNX); a feature that
 * does not exist for a token (the 4-letter prefix of "EU") points at the reserved all-zero row
 * `2^bits`, which is never updated.
 *
 * Each template hashes its attribute string with its own seed (MurmurHash3 via `hashString`), so no
 * "name=value" strings are built; context features (±1, ±2) use a seed per offset, bigrams chain
 * the hash of the left word as the seed of the right one.
 */
import { hashString } from '../hashing.js';

/** Bump when templates change: weights trained on other templates are meaningless. */
export const NER_FEATURES_VERSION = 1;

export interface NerFeatureConfig {
  /** The weight table has `2^bits` rows (+1 reserved zero row). */
  bits: number;
  /** Seed mixed into every template's hash. */
  seed: number;
}

export const DEFAULT_NER_FEATURES: NerFeatureConfig = { bits: 18, seed: 0 };

/** Number of rows per token (the width F of the `[T × F]` row matrix). */
export const NER_FEATURES_PER_TOKEN = 34;

/** Row index that contributes nothing (its weights stay zero). */
export function noFeatureRow(config: NerFeatureConfig): number {
  return 1 << config.bits;
}

const BOUNDARY_BEFORE = '-BOS-';
const BOUNDARY_AFTER = '-EOS-';

/** Per-token attribute strings, computed once and shared by every template that reads them. */
interface TokenAttributes {
  word: string[];
  lower: string[];
  shape: string[];
  shortShape: string[];
  flags: string[];
  suffix3: string[];
}

/**
 * The row matrix `[T × F]` (row-major) of a sentence: `emissions[t, k] = Σ_f W[rows[t, f], k]`.
 * Compute it once per sentence and reuse it for predicting and learning.
 */
export function nerFeatureRows(
  tokens: readonly { text: string }[],
  config: NerFeatureConfig,
): Int32Array {
  const T = tokens.length;
  const F = NER_FEATURES_PER_TOKEN;
  const rows = new Int32Array(T * F);
  const mask = (1 << config.bits) - 1;
  const none = noFeatureRow(config);
  const a = attributes(tokens);
  const seeds = templateSeeds(config.seed);
  const at = (values: string[], t: number): string =>
    t < 0 ? BOUNDARY_BEFORE : t >= T ? BOUNDARY_AFTER : values[t]!;

  for (let t = 0; t < T; t++) {
    let o = t * F;
    const lower = a.lower[t]!;
    rows[o++] = hashString('', seeds[0]!) & mask; // bias: a per-tag prior
    rows[o++] = hashString(a.word[t]!, seeds[1]!) & mask;
    rows[o++] = hashString(lower, seeds[2]!) & mask;
    for (let n = 1; n <= 4; n++) {
      rows[o++] = lower.length >= n ? hashString(lower.slice(0, n), seeds[2 + n]!) & mask : none;
    }
    for (let n = 1; n <= 4; n++) {
      rows[o++] =
        lower.length >= n ? hashString(lower.slice(lower.length - n), seeds[6 + n]!) & mask : none;
    }
    rows[o++] = hashString(a.shape[t]!, seeds[11]!) & mask;
    rows[o++] = hashString(a.shortShape[t]!, seeds[12]!) & mask;
    rows[o++] = hashString(a.flags[t]!, seeds[13]!) & mask;
    // Context window: the same few attributes of the neighbours, one template per offset.
    for (let i = 0; i < 4; i++) {
      const u = t + CONTEXT_OFFSETS[i]!;
      const template = 14 + 4 * i;
      rows[o++] = hashString(at(a.lower, u), seeds[template]!) & mask;
      rows[o++] = hashString(at(a.shortShape, u), seeds[template + 1]!) & mask;
      rows[o++] = hashString(at(a.flags, u), seeds[template + 2]!) & mask;
      rows[o++] = hashString(at(a.suffix3, u), seeds[template + 3]!) & mask;
    }
    // Word bigrams, a shape trigram and previous word × shape: the left hash seeds the right one.
    const prevLower = at(a.lower, t - 1);
    const nextLower = at(a.lower, t + 1);
    rows[o++] = hashString(lower, hashString(prevLower, seeds[30]!)) & mask;
    rows[o++] = hashString(nextLower, hashString(lower, seeds[31]!)) & mask;
    const shapes = hashString(at(a.shortShape, t - 1), seeds[32]!);
    rows[o++] = hashString(at(a.shortShape, t + 1), hashString(a.shortShape[t]!, shapes)) & mask;
    rows[o++] = hashString(a.shape[t]!, hashString(prevLower, seeds[33]!)) & mask;
  }
  return rows;
}

const CONTEXT_OFFSETS = [-2, -1, 1, 2];

/** Distinct seeds per template, so equal strings in different templates land on other rows. */
function templateSeeds(seed: number): Uint32Array {
  const seeds = new Uint32Array(NER_FEATURES_PER_TOKEN);
  for (let i = 0; i < seeds.length; i++) seeds[i] = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  return seeds;
}

function attributes(tokens: readonly { text: string }[]): TokenAttributes {
  const a: TokenAttributes = {
    word: [],
    lower: [],
    shape: [],
    shortShape: [],
    flags: [],
    suffix3: [],
  };
  for (const token of tokens) {
    const text = token.text;
    const lower = text.toLowerCase();
    a.word.push(text);
    a.lower.push(lower);
    const shape = wordShape(text);
    a.shape.push(shape);
    a.shortShape.push(collapseRuns(shape));
    a.flags.push(wordFlags(text, lower));
    a.suffix3.push(lower.length > 3 ? lower.slice(lower.length - 3) : lower);
  }
  return a;
}

/**
 * spaCy-style shape: upper → X, lower → x, digit → d, other characters kept, runs of one class
 * capped at 4 ("Blackburn" → "Xxxxx", "1996" → "dddd", "U.S." → "X.X.").
 */
export function wordShape(text: string): string {
  let shape = '';
  let last = '';
  let run = 0;
  for (const ch of text) {
    const c =
      ch >= '0' && ch <= '9'
        ? 'd'
        : ch !== ch.toLowerCase()
          ? 'X'
          : ch !== ch.toUpperCase()
            ? 'x'
            : ch;
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 4) shape += c;
  }
  return shape;
}

/** Shape with every run collapsed to one character ("Xxxxx" → "Xx", "dd.dd" → "d.d"). */
function collapseRuns(shape: string): string {
  let out = '';
  for (const ch of shape) if (ch !== out[out.length - 1]) out += ch;
  return out;
}

/** Casing and character-class flags as one conjoined feature value. */
function wordFlags(text: string, lower: string): string {
  const upper = text.toUpperCase();
  const hasLetter = lower !== upper;
  const title = hasLetter && text[0] !== lower[0] && text.slice(1) === lower.slice(1);
  const allUpper = hasLetter && text === upper;
  const digit = /^\d+$/.test(text);
  const hasDigit = /\d/.test(text);
  const punct = /^[^\p{L}\p{N}]+$/u.test(text);
  const hyphen = text.includes('-');
  return `${+title}${+allUpper}${+digit}${+hasDigit}${+punct}${+hyphen}`;
}
