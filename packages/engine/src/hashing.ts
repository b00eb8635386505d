/**
 * Feature hashing: every sparse feature (a word, an affix, a shape, an n-gram) is a string mapped
 * to a 32-bit integer, then to a row of a fixed-size weight table. No vocabulary is stored, so a
 * model works from its first answer and its size never grows.
 *
 * The hash is MurmurHash3 (x86, 32-bit) over UTF-16 code units, which is stable across platforms
 * and runs without allocating. Collisions are tolerated: with 2^18+ rows they cost little accuracy.
 */
export function hashString(text: string, seed = 0): number {
  let h = seed >>> 0;
  const length = text.length;
  let i = 0;
  // Two UTF-16 code units make one 32-bit block.
  for (; i + 1 < length; i += 2) h = murmurMix(h, scrambleBlock(text, i));
  if (i < length) h ^= scrambleTail(text, i);
  return murmurFinal(h, length);
}

/**
 * `hashString(text, 0)` and `hashString(text, 1)` in one pass over the text (input and task
 * hashes need both; imports compute millions of them).
 */
export function hashStringPair(text: string): [number, number] {
  let h0 = 0;
  let h1 = 1;
  const length = text.length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const k = scrambleBlock(text, i);
    h0 = murmurMix(h0, k);
    h1 = murmurMix(h1, k);
  }
  if (i < length) {
    const k = scrambleTail(text, i);
    h0 ^= k;
    h1 ^= k;
  }
  return [murmurFinal(h0, length), murmurFinal(h1, length)];
}

function scrambleBlock(text: string, i: number): number {
  const k = (text.charCodeAt(i) & 0xffff) | ((text.charCodeAt(i + 1) & 0xffff) << 16);
  return murmurScramble(k);
}

function scrambleTail(text: string, i: number): number {
  return murmurScramble(text.charCodeAt(i) & 0xffff);
}

/** MurmurHash3 x86_32 steps, exported for hashers that share work between strings (n-grams). */
export function murmurScramble(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

export function murmurMix(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function murmurFinal(h: number, length: number): number {
  h ^= length * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Row of a weight table with `2^bits` rows for a feature string. */
export function featureRow(feature: string, bits: number, seed = 0): number {
  return hashString(feature, seed) & ((1 << bits) - 1);
}
