/**
 * The text classifier as an ONNX graph. Feature hashing (tokenizer, MurmurHash3) has no standard
 * ONNX operator, so the graph starts from the hashed rows and values of `textcatFeatures`, which
 * any caller computes in TypeScript (or ports): the graph is the linear model and its link.
 *
 *   rows   int64 [N, F]  feature rows, padded with the zero row `2^bits`
 *   values float [N, F]  feature values, padded with 0
 *   z      = bias + ReduceSum_F( Gather(W, rows) · Unsqueeze(values, 2) )       [N, L]
 *   scores = Sigmoid(z)  (multi-label)   or   Softmax(z, axis = -1)  (exclusive)
 *
 * `W` is the classifier's table with one all-zero row appended, so padding contributes exactly 0
 * (and a padded value of 0 could never meet a NaN/∞ weight). A prior from unlabelled inputs
 * (`unlabeled-prior.ts`) is a second linear term over the same rows and values: it is folded in,
 * W + R.
 *
 * With word vectors the text's unit-norm mean vector x times the dense weights V [dims × L] is
 * added to z. Its words come as rows of the exported vector table (`export-vectors.ts`):
 *
 *   vector_rows int64 [N, w]  `Vocabulary.row` of each token, padded with the zero row
 *   s = ReduceSum_w( Gather(table, vector_rows) ),   x = s / max(‖s‖, tiny),   z += MatMul(x, V)
 *
 * (the mean's 1/count cancels in the normalization, as in `TextcatDense`).
 */
import { denseTokens } from '../textcat/dense.js';
import { extractFeatures, FeatureScratch, type TextcatFeatureConfig } from '../textcat/features.js';
import type { TextcatInput } from '../textcat/features.js';
import type { TextClassifier } from '../textcat/model.js';
import {
  VECTOR_INPUT_ROWS,
  type VectorTableSource,
  type Vocabulary,
  buildVectorTable,
  tableSource,
} from './export-vectors.js';
import { LITTLE_ENDIAN } from './protobuf.js';
import { DataType, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-proto.js';

/** Graph input and output names, shared with the backend and external callers. */
export const TEXTCAT_INPUT_ROWS = 'rows';
export const TEXTCAT_INPUT_VALUES = 'values';
export const TEXTCAT_OUTPUT = 'scores';

/**
 * The ONNX graph of a text classifier (weights copied: later updates do not leak into it). A
 * model with word vectors exports the table of `vectors` (default: all of the model's vectors).
 */
export function textcatGraph(
  model: TextClassifier,
  vectors: VectorTableSource | undefined = model.vectors && tableSource(model.vectors),
): OnnxGraph {
  const L = model.labels.length;
  const rows = 2 ** model.features.bits;
  const table = new Float32Array((rows + 1) * L);
  table.set(model.weights); // the appended row `rows` stays zero: the padding row
  const prior = model.prior;
  if (prior !== null) for (let i = 0; i < prior.length; i++) table[i] += prior[i];
  const dense = model.dense !== null && vectors !== undefined ? denseGraph(model, vectors) : null;
  return {
    name: 'chorus_textcat',
    doc: 'Linear text classifier over hashed features (see chorus metadata for the feature config).',
    initializers: [
      { name: 'W', dims: [rows + 1, L], data: table },
      { name: 'bias', dims: [L], data: Float32Array.from(model.bias) },
      { name: 'axis_feature_last', dims: [1], data: BigInt64Array.of(2n) },
      { name: 'axis_feature', dims: [1], data: BigInt64Array.of(1n) },
      ...(dense?.initializers ?? []),
    ],
    nodes: [
      {
        opType: 'Gather',
        inputs: ['W', TEXTCAT_INPUT_ROWS],
        outputs: ['gathered'],
        attributes: { axis: 0 },
      },
      {
        opType: 'Unsqueeze',
        inputs: [TEXTCAT_INPUT_VALUES, 'axis_feature_last'],
        outputs: ['values3'],
      },
      { opType: 'Mul', inputs: ['gathered', 'values3'], outputs: ['weighted'] },
      {
        opType: 'ReduceSum',
        inputs: ['weighted', 'axis_feature'],
        outputs: [dense === null ? 'summed' : 'sparse_summed'],
        attributes: { keepdims: 0 },
      },
      ...(dense?.nodes ?? []),
      { opType: 'Add', inputs: ['summed', 'bias'], outputs: ['logits'] },
      model.exclusive
        ? {
            opType: 'Softmax',
            inputs: ['logits'],
            outputs: [TEXTCAT_OUTPUT],
            attributes: { axis: -1 },
          }
        : { opType: 'Sigmoid', inputs: ['logits'], outputs: [TEXTCAT_OUTPUT] },
    ],
    inputs: [
      {
        name: TEXTCAT_INPUT_ROWS,
        elemType: DataType.INT64,
        shape: ['batch', 'features'],
        doc: `hashed feature rows; pad with ${rows}`,
      },
      {
        name: TEXTCAT_INPUT_VALUES,
        elemType: DataType.FLOAT,
        shape: ['batch', 'features'],
        doc: 'feature values; pad with 0',
      },
      ...(dense === null
        ? []
        : [
            {
              name: VECTOR_INPUT_ROWS,
              elemType: DataType.INT64,
              shape: ['batch', 'words'],
              doc: `vocabulary row of each token (chorus.vocabulary); pad with ${vectors!.vocabulary.words.length}`,
            },
          ]),
    ],
    outputs: [
      {
        name: TEXTCAT_OUTPUT,
        elemType: DataType.FLOAT,
        shape: ['batch', L],
        doc: `P(label) for ${model.labels.join(', ')}`,
      },
    ],
  };
}

/** The dense part: summed = sparse_summed + MatMul(unit(Σ_w Gather(table, vector_rows)), V). */
function denseGraph(
  model: TextClassifier,
  vectors: VectorTableSource,
): { initializers: OnnxTensor[]; nodes: OnnxNode[] } {
  const D = model.dense!.vectors.dims;
  const L = model.labels.length;
  const table = buildVectorTable(vectors, D, (v, out, offset) => out.set(v, offset));
  return {
    initializers: [
      { name: 'word_vectors', dims: [vectors.vocabulary.rows, D], data: table },
      { name: 'V', dims: [D, L], data: Float32Array.from(model.dense!.weights) },
      // The smallest normal float32: a text without vectors has s = 0, and 0 / tiny = 0.
      { name: 'tiny', dims: [1], data: Float32Array.of(2 ** -126) },
    ],
    nodes: [
      {
        opType: 'Gather',
        inputs: ['word_vectors', VECTOR_INPUT_ROWS],
        outputs: ['token_vectors'],
        attributes: { axis: 0 },
      },
      {
        opType: 'ReduceSum',
        inputs: ['token_vectors', 'axis_feature'],
        outputs: ['vector_sum'],
        attributes: { keepdims: 0 },
      },
      {
        // Opset 17 ReduceL2 takes its axes as an attribute (an input only from opset 18).
        opType: 'ReduceL2',
        inputs: ['vector_sum'],
        outputs: ['vector_norm'],
        attributes: { axes: [1], keepdims: 1 },
      },
      { opType: 'Max', inputs: ['vector_norm', 'tiny'], outputs: ['safe_norm'] },
      { opType: 'Div', inputs: ['vector_sum', 'safe_norm'], outputs: ['text_vector'] },
      { opType: 'MatMul', inputs: ['text_vector', 'V'], outputs: ['dense_summed'] },
      { opType: 'Add', inputs: ['sparse_summed', 'dense_summed'], outputs: ['summed'] },
    ],
  };
}

/** A padded batch of graph inputs: `rows`/`values` are [n, f] row-major. */
export interface TextcatBatch {
  rows: BigInt64Array;
  values: Float32Array;
  n: number;
  f: number;
  /** [n, w] vocabulary rows of the texts' tokens, for a model with word vectors. */
  vectorRows?: BigInt64Array;
  w?: number;
}

/** One text's hashed features: unique ascending rows and their values (`textcatFeatures`). */
export interface TextcatFeatureVector {
  rows: Int32Array;
  values: Float32Array;
  /** Vocabulary rows of its tokens (with a vocabulary). */
  words?: BigInt64Array;
}

/** Hashed features of each text, with one reused scratch buffer (and word rows, given a vocabulary). */
export function textcatFeatureVectors(
  model: { features: Readonly<TextcatFeatureConfig> },
  texts: readonly TextcatInput[],
  vocabulary?: Vocabulary,
): TextcatFeatureVector[] {
  const scratch = new FeatureScratch();
  return texts.map((text) => {
    const count = extractFeatures(text, model.features, scratch, true);
    const rows = scratch.rows.slice(0, count);
    const values = scratch.values.slice(0, count);
    if (vocabulary === undefined) return { rows, values };
    const tokens = denseTokens(text);
    const words = new BigInt64Array(tokens.length);
    vocabulary.writeRows(tokens, words, 0);
    return { rows, values, words };
  });
}

/**
 * Hashed features of `texts`, padded to the longest feature vector of the batch (at least 1, so
 * a batch of empty texts still has a valid [n, 1] shape). `model` is the classifier or anything
 * carrying its feature config (a model version's metadata).
 */
export function textcatInputs(
  model: { features: Readonly<TextcatFeatureConfig> },
  texts: readonly TextcatInput[],
  vocabulary?: Vocabulary,
): TextcatBatch {
  const vectors = textcatFeatureVectors(model, texts, vocabulary);
  return padTextcatFeatures(vectors, model.features.bits, vocabulary);
}

/**
 * One [n, f] batch from feature vectors. The graph's work is n × f, so batching texts of similar
 * length (as the backend does) keeps padding, and time, down.
 */
export function padTextcatFeatures(
  vectors: readonly TextcatFeatureVector[],
  bits: number,
  vocabulary?: Vocabulary,
): TextcatBatch {
  const n = vectors.length;
  const f = vectors.reduce((max, v) => Math.max(max, v.rows.length), 1);
  const pad = 2 ** bits;
  const rows = new BigInt64Array(n * f);
  const values = new Float32Array(n * f);
  // Rows are non-negative 31-bit ints: on little-endian hosts writing the low 32-bit half of each
  // int64 through an Int32Array view is exact and avoids a BigInt per element (the hot cost).
  const low = LITTLE_ENDIAN ? new Int32Array(rows.buffer) : null;
  for (let i = 0; i < n; i++) {
    const { rows: r, values: v } = vectors[i]!;
    const o = i * f;
    values.set(v, o);
    for (let j = 0; j < f; j++) {
      const row = j < r.length ? r[j]! : pad;
      if (low) low[2 * (o + j)] = row;
      else rows[o + j] = BigInt(row);
    }
  }
  if (vocabulary === undefined) return { rows, values, n, f };
  // Word rows, padded with the zero row to the most tokens of the batch (at least 1).
  const w = vectors.reduce((max, v) => Math.max(max, v.words?.length ?? 0), 1);
  const vectorRows = new BigInt64Array(n * w).fill(BigInt(vocabulary.words.length));
  vectors.forEach((v, i) => vectorRows.set(v.words ?? [], i * w));
  return { rows, values, n, f, vectorRows, w };
}
