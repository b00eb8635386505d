/**
 * Dense word vectors as one optional feature source for both models. Storage is lean on purpose:
 * every vector is a row of one Float32Array (a 341k × 100 table is 137 MB, against well over 1 GB
 * as JS arrays of doubles) and a Map gives a word's row; `lookup` returns a view, never a copy.
 */

/** What a model records about the vectors it was trained with (and must be given again). */
export interface WordVectorsInfo {
  name: string;
  dims: number;
}

export class WordVectors {
  /** Use `WordVectors.fromEntries` or `loadWinkVectors`. */
  constructor(
    readonly name: string,
    readonly dims: number,
    /** [size × dims], row-major. */
    readonly data: Float32Array,
    private readonly index: Map<string, number>,
  ) {
    if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`dims must be ≥ 1, got ${dims}`);
    if (data.length < index.size * dims) throw new RangeError('data is shorter than size × dims');
  }

  /** Number of words. */
  get size(): number {
    return this.index.size;
  }

  get info(): WordVectorsInfo {
    return { name: this.name, dims: this.dims };
  }

  /** The vector of `word`, else of its lowercase form (GloVe-style tables are lowercased). */
  lookup(word: string): Float32Array | undefined {
    let row = this.index.get(word);
    if (row === undefined) {
      const lower = word.toLowerCase();
      if (lower !== word) row = this.index.get(lower);
    }
    if (row === undefined) return undefined;
    return this.data.subarray(row * this.dims, row * this.dims + this.dims);
  }

  has(word: string): boolean {
    return this.lookup(word) !== undefined;
  }

  /** Small tables (tests, custom vectors): every entry must have the same length. */
  static fromEntries(
    entries: Iterable<readonly [string, ArrayLike<number>]>,
    name = 'custom',
  ): WordVectors {
    const list = [...entries];
    if (list.length === 0) throw new RangeError('fromEntries needs at least one vector');
    const dims = list[0]![1].length;
    const data = new Float32Array(list.length * dims);
    const index = new Map<string, number>();
    for (const [word, vector] of list) {
      if (vector.length !== dims) {
        throw new RangeError(`vector of "${word}" has ${vector.length} dims, expected ${dims}`);
      }
      if (index.has(word)) continue; // first one wins, as a frequency-ordered table would want
      data.set(vector, index.size * dims);
      index.set(word, index.size);
    }
    return new WordVectors(name, dims, data.subarray(0, index.size * dims), index);
  }
}

/**
 * Throws unless `vectors` match what a saved model was trained with: a different table would
 * silently give its dense weights meaningless inputs.
 */
export function requireVectors(
  saved: WordVectorsInfo | undefined,
  given: WordVectors | undefined,
  what: string,
): WordVectors | undefined {
  if (saved === undefined) return undefined;
  if (given === undefined) {
    throw new TypeError(
      `this ${what} was trained with word vectors "${saved.name}" (${saved.dims} dims): ` +
        `load them (e.g. loadWinkVectors()) and pass fromJSON(json, { vectors })`,
    );
  }
  if (given.name !== saved.name || given.dims !== saved.dims) {
    throw new TypeError(
      `this ${what} was trained with word vectors "${saved.name}" (${saved.dims} dims), ` +
        `got "${given.name}" (${given.dims} dims)`,
    );
  }
  return given;
}
