export {
  asksWholeInputs,
  usesModel,
  type RecipeContext,
  type RecipeInput,
  type RecipeModel,
  type RecipeName,
  type RecipeTask,
  type SorterName,
} from './recipe-types.js';
export { proposeTasks, SUGGEST } from './propose-tasks.js';
export { PATTERN_WARMUP_ANSWERS, scoreTask, taskPriority } from './task-priority.js';
export { labelTurns, takeInTurns, type TakenInTurns } from './label-turns.js';
export { learnAnswer, type AnswerDetail } from './learn-answer.js';
export { CANDIDATE_POOL, lowestPriority, SourcePasses, staleTasks } from './candidate-pool.js';
