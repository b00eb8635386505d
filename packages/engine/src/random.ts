/**
 * Seeded pseudo-random numbers. Everything random in the engine (shuffling, sampling sorters,
 * dropout) draws from here so a run is reproducible from its seed.
 *
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by a Weyl sequence and mixed
 * by two multiply-xorshift rounds. Period 2^32, passes PractRand to 2^32 bytes; ample for
 * shuffling and sampling, and a single `number` of state makes it trivially serializable.
 */

/** A generator of uniform floats in [0, 1). */
export type Random = () => number;

/** Creates a mulberry32 generator; equal seeds give equal sequences. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items;
}
