export { InvalidTaskError, type AnsweredTask, type TaskSpan } from './tasks.js';
export {
  isEvalInput,
  mergeExamples,
  splitByInputHash,
  type ExampleKind,
  type MergedNerExample,
  type MergedTextcatExample,
  type MergeOptions,
} from './merge.js';
export {
  prf,
  rocAuc,
  scoreTextcat,
  SpanCounts,
  type LabelScores,
  type Scores,
  type TextcatLabelScores,
} from './metrics.js';
export {
  evaluateNer,
  evaluateTextcat,
  modelFromJSON,
  withFeatureRows,
  type ModelJSON,
} from './fit.js';
export {
  CURVE_FRACTIONS,
  scheduledRate,
  train,
  type CurvePoint,
  type EpochMetrics,
  type TrainOptions,
  type TrainProgress,
  type TrainResult,
} from './train.js';
export { trainInWorker, type TrainerMessage, type TrainerThreadOptions } from './in-worker.js';
