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
 * (and a padded value of 0 could never meet a NaN/∞ weight).
 */
import { extractFeatures, FeatureScratch, type TextcatFeatureConfig } from '../textcat/features.js';
import type { TextcatInput } from '../textcat/features.js';
import type { TextClassifier } from '../textcat/model.js';
import { LITTLE_ENDIAN } from './protobuf.js';
import { DataType, type OnnxGraph } from './onnx-proto.js';

/** Graph input and output names, shared with the backend and external callers. */
export const TEXTCAT_INPUT_ROWS = 'rows';
export const TEXTCAT_INPUT_VALUES = 'values';
export const TEXTCAT_OUTPUT = 'scores';

/** The ONNX graph of a text classifier (weights copied: later updates do not leak into it). */
export function textcatGraph(model: TextClassifier): OnnxGraph {
  const L = model.labels.length;
  const rows = 2 ** model.features.bits;
  const table = new Float32Array((rows + 1) * L);
  table.set(model.weights); // the appended row `rows` stays zero: the padding row
  return {
    name: 'chorus_textcat',
    doc: 'Linear text classifier over hashed features (see chorus metadata for the feature config).',
    initializers: [
      { name: 'W', dims: [rows + 1, L], data: table },
      { name: 'bias', dims: [L], data: Float32Array.from(model.bias) },
      { name: 'axis_feature_last', dims: [1], data: BigInt64Array.of(2n) },
      { name: 'axis_feature', dims: [1], data: BigInt64Array.of(1n) },
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
        outputs: ['summed'],
        attributes: { keepdims: 0 },
      },
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

/** A padded batch of graph inputs: `rows`/`values` are [n, f] row-major. */
export interface TextcatBatch {
  rows: BigInt64Array;
  values: Float32Array;
  n: number;
  f: number;
}

/** One text's hashed features: unique ascending rows and their values (`textcatFeatures`). */
export interface TextcatFeatureVector {
  rows: Int32Array;
  values: Float32Array;
}

/** Hashed features of each text, with one reused scratch buffer. */
export function textcatFeatureVectors(
  model: { features: Readonly<TextcatFeatureConfig> },
  texts: readonly TextcatInput[],
): TextcatFeatureVector[] {
  const scratch = new FeatureScratch();
  return texts.map((text) => {
    const count = extractFeatures(text, model.features, scratch);
    return { rows: scratch.rows.slice(0, count), values: scratch.values.slice(0, count) };
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
): TextcatBatch {
  return padTextcatFeatures(textcatFeatureVectors(model, texts), model.features.bits);
}

/**
 * One [n, f] batch from feature vectors. The graph's work is n × f, so batching texts of similar
 * length (as the backend does) keeps padding, and time, down.
 */
export function padTextcatFeatures(
  vectors: readonly TextcatFeatureVector[],
  bits: number,
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
  return { rows, values, n, f };
}
