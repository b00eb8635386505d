export { simulate, trainFile, type TrainFileOptions } from './simulate.js';
export { exclusiveGold } from './shared.js';
export type {
  SimulatedRecipe,
  SimulateOptions,
  SimulationPoint,
  SimulationResult,
} from './shared.js';
