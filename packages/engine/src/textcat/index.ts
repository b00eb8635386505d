export {
  DEFAULT_FEATURE_CONFIG,
  textcatFeatures,
  type TextcatFeatureConfig,
  type TextcatInput,
} from './features.js';
export {
  MAX_TEXTCAT_BYTES,
  TextClassifier,
  createTextClassifier,
  type TextClassifierJSON,
  type TextClassifierOptions,
  type TextcatExample,
} from './model.js';
export {
  PRIOR_SAMPLE,
  nextPriorRefit,
  UnlabeledCounts,
  type UnlabeledPriorOptions,
} from './unlabeled-prior.js';
