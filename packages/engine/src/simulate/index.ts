export { simulate, trainFile, type TrainFileOptions } from './simulate.js';
export type {
  SimulatedRecipe,
  SimulateOptions,
  SimulationPoint,
  SimulationResult,
} from './shared.js';
