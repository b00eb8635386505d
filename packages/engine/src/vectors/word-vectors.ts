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

/** `WordVectors` as structured-clonable data whose table lives in a SharedArrayBuffer. */
export interface SharedWordVectors {
  kind: 'shared';
  name: string;
  dims: number;
  /** [rows × dims] over a SharedArrayBuffer. */
  data: Float32Array;
  /** words[i] has row rows[i] of `data`. */
  words: string[];
  rows: Int32Array;
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
    const row = this.row(word);
    if (row < 0) return undefined;
    return this.data.subarray(row * this.dims, row * this.dims + this.dims);
  }

  /** The row of `data` that `lookup(word)` returns, −1 when the word has no vector. */
  row(word: string): number {
    return findWord(this.index, word) ?? -1;
  }

  /** Every word with its row, in the table's order. */
  entries(): IterableIterator<[string, number]> {
    return this.index.entries();
  }

  /**
   * The table as plain data for a worker thread (`postMessage`, `workerData`): `data` moves to a
   * SharedArrayBuffer, so the thread reads the same memory instead of a 137 MB copy. Vectors
   * already in shared memory (e.g. from `fromShared`) are not copied again.
   */
  toShared(): SharedWordVectors {
    let data = this.data;
    if (!(data.buffer instanceof SharedArrayBuffer)) {
      data = new Float32Array(new SharedArrayBuffer(this.data.byteLength));
      data.set(this.data);
    }
    const words: string[] = [];
    const rows = new Int32Array(this.index.size);
    for (const [word, row] of this.index) rows[words.push(word) - 1] = row;
    return { kind: 'shared', name: this.name, dims: this.dims, data, words, rows };
  }

  /** The vectors of `toShared`, over the same memory. */
  static fromShared(shared: SharedWordVectors): WordVectors {
    const index = new Map<string, number>();
    shared.words.forEach((word, i) => index.set(word, shared.rows[i]!));
    return new WordVectors(shared.name, shared.dims, shared.data, index);
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

/** The lookup rule of every vector table: the word itself, else its lowercase form. */
export function findWord<T>(index: ReadonlyMap<string, T>, word: string): T | undefined {
  const found = index.get(word);
  if (found !== undefined) return found;
  const lower = word.toLowerCase();
  return lower === word ? undefined : index.get(lower);
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
