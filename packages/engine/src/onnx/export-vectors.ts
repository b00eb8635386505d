/**
 * The word-vector part of an exported model. The graph holds the vector table as an initializer
 * and gathers its rows by id; ids are found in TypeScript (a string lookup has no standard ONNX
 * operator) with the file's own vocabulary, stored beside the metadata under `chorus.vocabulary`
 * (a JSON array: word i owns row i; row `words.length` is all zeros, for words without a vector).
 * The file alone is then enough to score with: no vectors package is needed to run it.
 *
 * Size: the table is exported whole (which words a model will meet is unknown), so a model with
 * the 341k × 100 wink vectors carries 137 MB of floats plus ≈ 3 MB of vocabulary. NER folds its
 * dense weights into the table when that is smaller (see `export-ner.ts`): 341k × 17 tags = 23 MB
 * for 4 labels.
 */
import { type WordVectors, findWord } from '../vectors/word-vectors.js';
import { LITTLE_ENDIAN } from './protobuf.js';

/** Graph input of the vector-table rows, one per token (NER) or padded per text (textcat). */
export const VECTOR_INPUT_ROWS = 'vector_rows';
/** metadata_props key of the vocabulary (JSON array of words, in table row order). */
export const VOCABULARY_METADATA_KEY = 'chorus.vocabulary';

/** What the model-version metadata says about an exported vector table. */
export interface ExportedVectorsInfo {
  /** The vectors the model was trained with (`WordVectorsInfo`). */
  name: string;
  dims: number;
  /** Words in the vocabulary: the table has one more (zero) row. */
  words: number;
}

/** The words of an exported table and the id of each word's row. */
export class Vocabulary {
  private readonly index: Map<string, number>;

  constructor(readonly words: readonly string[]) {
    this.index = new Map(words.map((word, i) => [word, i]));
  }

  /** Rows of the table, the zero row included. */
  get rows(): number {
    return this.words.length + 1;
  }

  /** The row of `word`, by `WordVectors.lookup`'s rule; the zero row when it has no vector. */
  row(word: string): number {
    return findWord(this.index, word) ?? this.words.length;
  }

  /** Row ids of `tokens` into `out` (int64) from `offset`, written as low 32-bit halves. */
  writeRows(tokens: readonly { text: string }[], out: BigInt64Array, offset: number): void {
    const low = LITTLE_ENDIAN ? new Int32Array(out.buffer, out.byteOffset, out.length * 2) : null;
    for (let t = 0; t < tokens.length; t++) {
      const row = this.row(tokens[t]!.text);
      if (low) low[2 * (offset + t)] = row;
      else out[offset + t] = BigInt(row);
    }
  }

  toJSON(): string {
    return JSON.stringify(this.words);
  }

  static fromJSON(json: string): Vocabulary {
    const words: unknown = JSON.parse(json);
    if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) {
      throw new RangeError(`${VOCABULARY_METADATA_KEY} must be a JSON array of words`);
    }
    return new Vocabulary(words as string[]);
  }
}

/** A table to export: its vocabulary, and each word's vector (a view into the vectors' data). */
export interface VectorTableSource {
  vocabulary: Vocabulary;
  vectorOf(i: number): Float32Array;
}

/** The vectors' words, in their table's order. */
export function tableSource(vectors: WordVectors): VectorTableSource {
  const words: string[] = [];
  const sourceRows: number[] = [];
  for (const [word, row] of vectors.entries()) {
    words.push(word);
    sourceRows.push(row);
  }
  const D = vectors.dims;
  return {
    vocabulary: new Vocabulary(words),
    vectorOf: (i) => vectors.data.subarray(sourceRows[i]! * D, sourceRows[i]! * D + D),
  };
}

/**
 * The [(words + 1) × width] table whose row i is `write(vector of word i)` and whose last row is
 * zero: `write` fills `width` floats of `out` from `offset`.
 */
export function buildVectorTable(
  source: VectorTableSource,
  width: number,
  write: (vector: Float32Array, out: Float32Array, offset: number) => void,
): Float32Array {
  const n = source.vocabulary.words.length;
  const table = new Float32Array((n + 1) * width);
  for (let i = 0; i < n; i++) write(source.vectorOf(i), table, i * width);
  return table;
}

/** Metadata entry of the exported vectors. */
export function exportedVectorsInfo(vectors: WordVectors, vocabulary: Vocabulary) {
  return { name: vectors.name, dims: vectors.dims, words: vocabulary.words.length };
}
