export {
  NerModel,
  type NerModelOptions,
  type NerSentencePrediction,
  type ScoredSpan,
  type SpanTags,
} from './crf.js';
export { NerDecoder } from './decoder.js';
export {
  DEFAULT_NER_FEATURES,
  NER_FEATURES_PER_TOKEN,
  NER_FEATURES_VERSION,
  nerFeatureRows,
  noFeatureRow,
  wordShape,
  type NerFeatureConfig,
} from './features.js';
export type { NerExample, NerGradient } from './learn.js';
export { NER_MODEL_FORMAT, NER_MODEL_VERSION, type NerModelJSON } from './serialize.js';
export { boundaryScores, emissionScores, transitionScores } from './scores.js';
export type { SuggestOptions } from './spans.js';
export { TagScheme, type TokenSpan } from './tags.js';
