/**
 * The NER CRF as an ONNX graph of its emission scores, plus its transition and boundary scores as
 * metadata. Every token has exactly `NER_FEATURES_PER_TOKEN` hashed rows (missing features point
 * at the model's all-zero last row), so
 *
 *   rows      int64 [T, 34]                 from `nerFeatureRows` (hashing stays in TypeScript)
 *   emissions = ReduceSum_F( Gather(W, rows) )   float [T, K]
 *
 * With word vectors, each token also gives the row of its word in the exported vector table
 * (`export-vectors.ts`), and the dense part x_t · V (x_t the unit-norm vector, V [dims × K]) is added:
 *
 *   vector_rows int64 [T]                        `Vocabulary.row` of each token (zero row if none)
 *   emissions += Gather(U, vector_rows)          U = unit(table) · V, [words + 1, K], when K ≤ dims
 *   emissions += MatMul(Gather(X, vector_rows), V)   X = unit(table), [words + 1, dims], otherwise
 *
 * Folding V into the table is exact up to float32 rounding and makes it K/dims the size: 17 tags
 * against 100 dims is 23 MB instead of 137 MB for the wink vectors.
 *
 * Emissions are per token, so sentences are batched by concatenating their rows: one run scores a
 * whole page of sentences. Viterbi, forward–backward and span marginals then run in TypeScript on
 * these emissions (`ner-from-emissions.ts`) with the transition table from the metadata: they are
 * sequential, data-dependent loops (span search prunes as it walks), which ONNX could only express
 * with a `Scan`/`Loop` body run once per token — far slower than the TS lattice, for no gain in
 * portability since the metadata carries everything a Python or browser caller needs.
 */
import type { NerModel } from '../ner/crf.js';
import { writeUnitVector } from '../ner/dense.js';
import { NER_FEATURES_PER_TOKEN, nerFeatureRows, type NerFeatureConfig } from '../ner/features.js';
import {
  VECTOR_INPUT_ROWS,
  type VectorTableSource,
  type Vocabulary,
  buildVectorTable,
  tableSource,
} from './export-vectors.js';
import { LITTLE_ENDIAN } from './protobuf.js';
import { DataType, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-proto.js';

export const NER_INPUT_ROWS = 'rows';
export const NER_OUTPUT = 'emissions';

/**
 * The CRF's non-emission scores in JSON: `null` marks what the BILUO grammar forbids (−∞), every
 * other value is the float32 weight as a number (it round-trips exactly through `Math.fround`).
 * Score of a tag path y: start[y_0] + Σ_t emissions[t, y_t] + Σ_t transitions[y_{t−1}][y_t] + end[y_T−1].
 */
export interface NerCrfScores {
  /** Tag names in emission column order: `O`, then `B-`, `I-`, `L-`, `U-` per label. */
  tags: string[];
  /** [from][to] transition scores. */
  transitions: (number | null)[][];
  start: (number | null)[];
  end: (number | null)[];
}

/**
 * The ONNX graph of a NER model's emissions (weights copied). A model with word vectors exports
 * the table of `vectors` (default: all of the model's vectors, in their order).
 */
export function nerGraph(
  model: NerModel,
  vectors: VectorTableSource | undefined = model.vectors && tableSource(model.vectors),
): OnnxGraph {
  const K = model.nTags;
  const rows = model.weights.length / K;
  const dense = model.dense !== null && vectors !== undefined ? denseGraph(model, vectors) : null;
  return {
    name: 'chorus_ner_emissions',
    doc: 'Emission scores of a BILUO linear-chain CRF; transitions are in the chorus metadata.',
    initializers: [
      { name: 'W', dims: [rows, K], data: Float32Array.from(model.weights) },
      { name: 'axis_feature', dims: [1], data: BigInt64Array.of(1n) },
      ...(dense?.initializers ?? []),
    ],
    nodes: [
      {
        opType: 'Gather',
        inputs: ['W', NER_INPUT_ROWS],
        outputs: ['gathered'],
        attributes: { axis: 0 },
      },
      {
        opType: 'ReduceSum',
        inputs: ['gathered', 'axis_feature'],
        outputs: [dense === null ? NER_OUTPUT : 'sparse_emissions'],
        attributes: { keepdims: 0 },
      },
      ...(dense?.nodes ?? []),
    ],
    inputs: [
      {
        name: NER_INPUT_ROWS,
        elemType: DataType.INT64,
        shape: ['tokens', NER_FEATURES_PER_TOKEN],
        doc: 'nerFeatureRows of the tokens',
      },
      ...(dense === null
        ? []
        : [
            {
              name: VECTOR_INPUT_ROWS,
              elemType: DataType.INT64,
              shape: ['tokens'],
              doc: `vocabulary row of each token (chorus.vocabulary); ${vectors!.vocabulary.words.length} when it has no vector`,
            },
          ]),
    ],
    outputs: [
      {
        name: NER_OUTPUT,
        elemType: DataType.FLOAT,
        shape: ['tokens', K],
        doc: 'emission score per token and tag',
      },
    ],
  };
}

/** The dense part: emissions = sparse_emissions + x · V over the gathered word rows. */
function denseGraph(
  model: NerModel,
  vectors: VectorTableSource,
): { initializers: OnnxTensor[]; nodes: OnnxNode[] } {
  const K = model.nTags;
  const D = model.dense!.vectors.dims;
  const V = model.dense!.weights;
  const rows = vectors.vocabulary.rows;
  const gather = (table: string, output: string): OnnxNode => ({
    opType: 'Gather',
    inputs: [table, VECTOR_INPUT_ROWS],
    outputs: [output],
    attributes: { axis: 0 },
  });
  const add: OnnxNode = {
    opType: 'Add',
    inputs: ['sparse_emissions', 'dense_emissions'],
    outputs: [NER_OUTPUT],
  };
  if (K <= D) {
    // U[i, k] = Σ_d x_i[d] · V[d, k], in float64 as `NerDense.addEmissions` sums it.
    const x = new Float32Array(D);
    const U = buildVectorTable(vectors, K, (v, out, offset) => {
      writeUnitVector(v, x, 0);
      for (let k = 0; k < K; k++) {
        let sum = 0;
        for (let d = 0; d < D; d++) sum += x[d]! * V[d * K + k]!;
        out[offset + k] = sum;
      }
    });
    return {
      initializers: [{ name: 'word_emissions', dims: [rows, K], data: U }],
      nodes: [gather('word_emissions', 'dense_emissions'), add],
    };
  }
  const X = buildVectorTable(vectors, D, writeUnitVector);
  return {
    initializers: [
      { name: 'word_vectors', dims: [rows, D], data: X },
      { name: 'V', dims: [D, K], data: Float32Array.from(V) },
    ],
    nodes: [
      gather('word_vectors', 'token_vectors'),
      { opType: 'MatMul', inputs: ['token_vectors', 'V'], outputs: ['dense_emissions'] },
      add,
    ],
  };
}

/** Transition and boundary scores of `model` for the metadata. */
export function nerCrfScores(model: NerModel): NerCrfScores {
  const K = model.nTags;
  const { scheme } = model;
  const score = (allowed: number, value: number) => (allowed ? value : null);
  const transitions: (number | null)[][] = [];
  for (let i = 0; i < K; i++) {
    const row: (number | null)[] = [];
    for (let j = 0; j < K; j++)
      row.push(score(scheme.allowed[i * K + j]!, model.transitions[i * K + j]!));
    transitions.push(row);
  }
  return {
    tags: Array.from({ length: K }, (_, k) => scheme.tagName(k)),
    transitions,
    start: Array.from(scheme.startAllowed, (a) => score(a, 0)),
    end: Array.from(scheme.endAllowed, (a) => score(a, 0)),
  };
}

/** Feature rows of several sentences, concatenated into one [t, 34] input. */
export interface NerBatch {
  rows: BigInt64Array;
  /** [t] vocabulary rows of the tokens, for a model with word vectors. */
  vectorRows?: BigInt64Array;
  /** Total tokens. */
  t: number;
  /** Sentence i owns tokens offsets[i] .. offsets[i + 1]. */
  offsets: Int32Array;
}

/**
 * Graph inputs for `sentences`; `model` is the NER model or anything carrying its feature config,
 * `vocabulary` that of the exported vector table (`chorus.vocabulary`) for a model with vectors.
 */
export function nerInputs(
  model: { features: Readonly<NerFeatureConfig> },
  sentences: readonly (readonly { text: string }[])[],
  vocabulary?: Vocabulary,
): NerBatch {
  const F = NER_FEATURES_PER_TOKEN;
  const offsets = new Int32Array(sentences.length + 1);
  const perSentence = sentences.map((tokens, i) => {
    offsets[i + 1] = offsets[i]! + tokens.length;
    return nerFeatureRows(tokens, model.features);
  });
  const t = offsets[sentences.length]!;
  const rows = new BigInt64Array(t * F);
  // Low 32-bit halves through an Int32Array view: rows are non-negative, no BigInt per element.
  const low = LITTLE_ENDIAN ? new Int32Array(rows.buffer) : null;
  perSentence.forEach((r, i) => {
    const o = offsets[i]! * F;
    for (let j = 0; j < r.length; j++) {
      if (low) low[2 * (o + j)] = r[j]!;
      else rows[o + j] = BigInt(r[j]!);
    }
  });
  if (vocabulary === undefined) return { rows, t, offsets };
  const vectorRows = new BigInt64Array(t);
  sentences.forEach((tokens, i) => vocabulary.writeRows(tokens, vectorRows, offsets[i]!));
  return { rows, vectorRows, t, offsets };
}
