/**
 * A model version: an immutable artifact of ONNX bytes plus JSON metadata (labels, feature and
 * tokenizer settings, CRF scores for NER, metrics, parent). The metadata is stored twice on
 * purpose: as a JSON document beside the bytes (what the server indexes and shows) and inside the
 * ONNX file's `metadata_props` under `chorus.model_version`, so the file alone is enough to score
 * with (`loadOnnxModel`) or to run from Python/the browser. A model with word vectors also carries
 * its vector table and, under `chorus.vocabulary`, the words of its rows (`export-vectors.ts`).
 */
import { NerModel } from '../ner/crf.js';
import { NER_FEATURES_VERSION, type NerFeatureConfig } from '../ner/features.js';
import type { TextcatFeatureConfig } from '../textcat/features.js';
import { TextClassifier } from '../textcat/model.js';
import { nerCrfScores, nerGraph, type NerCrfScores } from './export-ner.js';
import { textcatGraph } from './export-textcat.js';
import {
  type ExportedVectorsInfo,
  VOCABULARY_METADATA_KEY,
  Vocabulary,
  exportedVectorsInfo,
  tableSource,
} from './export-vectors.js';
import { encodeOnnxModel, readOnnxMetadata, type OnnxGraph } from './onnx-proto.js';

/** Keep in step with packages/engine/package.json (stamped into every artifact). */
export const ENGINE_VERSION = '0.1.0';

/** The engine's rule tokenizer; bump the version whenever it splits any text differently. */
export const TOKENIZER_INFO = { name: 'chorus-rules', version: 1 } as const;

/** metadata_props key holding the JSON metadata inside the ONNX file. */
export const MODEL_VERSION_METADATA_KEY = 'chorus.model_version';

interface ModelVersionCommon {
  labels: string[];
  tokenizer: { name: string; version: number };
  /** Evaluation results of the training run (shape owned by the trainer). */
  metrics?: Record<string, unknown>;
  /** Id of the model version this one was trained or updated from. */
  parent?: string;
  /** ISO 8601. */
  createdAt: string;
  engineVersion: string;
  /** The word vectors exported with the model (graph input `vector_rows`), if it has any. */
  vectors?: ExportedVectorsInfo;
}

export interface TextcatVersionMetadata extends ModelVersionCommon {
  kind: 'textcat';
  exclusive: boolean;
  featureConfig: TextcatFeatureConfig;
}

export interface NerVersionMetadata extends ModelVersionCommon {
  kind: 'ner';
  featureConfig: NerFeatureConfig & { version: number };
  /** Transitions and boundaries for Viterbi/forward–backward on the ONNX emissions. */
  crf: NerCrfScores;
}

export type ModelVersionMetadata = TextcatVersionMetadata | NerVersionMetadata;

/** What the caller knows that the model does not. */
export interface ModelVersionInfo {
  metrics?: Record<string, unknown>;
  parent?: string;
  /** Defaults to now. */
  createdAt?: Date | string;
  /** Defaults to the engine's tokenizer; set it when inputs came pre-tokenized by another one. */
  tokenizer?: { name: string; version: number };
}

export interface ModelVersionArtifact {
  onnx: Uint8Array;
  metadata: ModelVersionMetadata;
}

/**
 * Exports the current weights of `model` (pass `ner.averaged()` to export averaged ones). With word
 * vectors the whole table goes into the file: 137 MB for the wink vectors (23 MB for a 4-label
 * NER model, whose dense weights are folded into it), see `export-vectors.ts`.
 */
export function exportModelVersion(
  model: TextClassifier | NerModel,
  info: ModelVersionInfo = {},
): ModelVersionArtifact {
  const vectors = model.vectors && tableSource(model.vectors);
  const createdAt =
    info.createdAt instanceof Date
      ? info.createdAt.toISOString()
      : (info.createdAt ?? new Date().toISOString());
  const common: ModelVersionCommon = {
    labels: [...model.labels],
    tokenizer: { ...(info.tokenizer ?? TOKENIZER_INFO) },
    ...(info.metrics !== undefined && { metrics: info.metrics }),
    ...(info.parent !== undefined && { parent: info.parent }),
    createdAt,
    engineVersion: ENGINE_VERSION,
    ...(vectors && { vectors: exportedVectorsInfo(model.vectors!, vectors.vocabulary) }),
  };
  let metadata: ModelVersionMetadata;
  let graph: OnnxGraph;
  if (model instanceof TextClassifier) {
    metadata = {
      kind: 'textcat',
      ...common,
      exclusive: model.exclusive,
      featureConfig: { ...model.features },
    };
    graph = textcatGraph(model, vectors);
  } else if (model instanceof NerModel) {
    const featureConfig = { ...model.features, version: NER_FEATURES_VERSION };
    metadata = { kind: 'ner', ...common, featureConfig, crf: nerCrfScores(model) };
    graph = nerGraph(model, vectors);
  } else {
    throw new TypeError('exportModelVersion takes a TextClassifier or a NerModel');
  }
  const onnx = encodeOnnxModel(graph, {
    producerName: 'chorus',
    producerVersion: ENGINE_VERSION,
    doc: `Chorus ${metadata.kind} model (${metadata.labels.join(', ')}); see metadata_props ${MODEL_VERSION_METADATA_KEY}.`,
    metadata: {
      [MODEL_VERSION_METADATA_KEY]: JSON.stringify(metadata),
      ...(vectors && { [VOCABULARY_METADATA_KEY]: vectors.vocabulary.toJSON() }),
    },
  });
  return { onnx, metadata };
}

/** The vocabulary of a model version's vector table; null for a model without vectors. */
export function readModelVocabulary(onnx: Uint8Array): Vocabulary | null {
  const json = readOnnxMetadata(onnx)[VOCABULARY_METADATA_KEY];
  return json === undefined ? null : Vocabulary.fromJSON(json);
}

/** The metadata embedded in model-version ONNX bytes; throws if they are not a Chorus export. */
export function readModelVersionMetadata(onnx: Uint8Array): ModelVersionMetadata {
  const json = readOnnxMetadata(onnx)[MODEL_VERSION_METADATA_KEY];
  if (json === undefined) throw new RangeError(`no ${MODEL_VERSION_METADATA_KEY} in ONNX metadata`);
  const metadata = JSON.parse(json) as ModelVersionMetadata;
  if (metadata.kind !== 'textcat' && metadata.kind !== 'ner') {
    throw new RangeError(`unknown model kind ${String((metadata as { kind: unknown }).kind)}`);
  }
  if (metadata.kind === 'ner' && metadata.featureConfig.version !== NER_FEATURES_VERSION) {
    throw new RangeError(
      `model features v${metadata.featureConfig.version} differ from this engine's v${NER_FEATURES_VERSION}`,
    );
  }
  return metadata;
}
