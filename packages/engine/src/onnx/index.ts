export {
  loadOnnxModel,
  type BatchOptions,
  type LoadOnnxOptions,
  type OnnxNerScorer,
  type OnnxScorer,
  type OnnxTextcatScorer,
} from './backend.js';
export {
  NER_INPUT_ROWS,
  NER_OUTPUT,
  nerCrfScores,
  nerGraph,
  nerInputs,
  type NerBatch,
  type NerCrfScores,
} from './export-ner.js';
export {
  TEXTCAT_INPUT_ROWS,
  TEXTCAT_INPUT_VALUES,
  TEXTCAT_OUTPUT,
  padTextcatFeatures,
  textcatFeatureVectors,
  textcatGraph,
  textcatInputs,
  type TextcatBatch,
  type TextcatFeatureVector,
} from './export-textcat.js';
export {
  VECTOR_INPUT_ROWS,
  VOCABULARY_METADATA_KEY,
  Vocabulary,
  type ExportedVectorsInfo,
} from './export-vectors.js';
export {
  ENGINE_VERSION,
  MODEL_VERSION_METADATA_KEY,
  TOKENIZER_INFO,
  exportModelVersion,
  readModelVersionMetadata,
  readModelVocabulary,
  type ModelVersionArtifact,
  type ModelVersionInfo,
  type ModelVersionMetadata,
  type NerVersionMetadata,
  type TextcatVersionMetadata,
} from './model-version.js';
export { NerEmissionDecoder, decoderFromCrfScores } from './ner-from-emissions.js';
export {
  ONNX_IR_VERSION,
  ONNX_OPSET,
  encodeOnnxModel,
  readOnnxMetadata,
  summarizeOnnxModel,
  type OnnxGraph,
  type OnnxModelSummary,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-proto.js';
