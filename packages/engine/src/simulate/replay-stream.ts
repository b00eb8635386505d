/**
 * One annotator's stream, replayed in process: the engine's policy (`proposeTasks`,
 * `taskPriority`, `labelTurns`/`takeInTurns`, `scoreTask`, `learnAnswer`, the candidate pool) in
 * the order a stream applies it to a single session that asks for one task, answers it and waits
 * for the stream to settle before asking again. So the questions asked here are the ones a stream
 * asks (a server test compares them, task hash by task hash).
 */
import type { Pattern } from '../patterns/parse.js';
import {
  CANDIDATE_POOL,
  lowestPriority,
  SourcePasses,
  staleTasks,
} from '../recipes/candidate-pool.js';
import { labelTurns, takeInTurns } from '../recipes/label-turns.js';
import { learnAnswer, type AnswerDetail } from '../recipes/learn-answer.js';
import { proposeTasks } from '../recipes/propose-tasks.js';
import {
  asksWholeInputs,
  type RecipeContext,
  type RecipeInput,
  type RecipeModel,
  type RecipeName,
  type RecipeTask,
  type SorterName,
} from '../recipes/recipe-types.js';
import { scoreTask } from '../recipes/task-priority.js';
import { nextPriorRefit, PRIOR_SAMPLE } from '../textcat/unlabeled-prior.js';
import type { Answer } from '../types.js';

export interface GivenAnswer extends AnswerDetail {
  answer: Answer;
}

export interface StreamReplay {
  recipe: RecipeName;
  labels: readonly string[];
  sorter: SorterName;
  patterns: readonly Pattern[];
  /** The in-loop model; it learns every answer. */
  model: RecipeModel;
  /** The source, in the order a stream reads it (`position` ascending). */
  inputs: readonly RecipeInput[];
  /** Answers to give (fewer when the stream runs out of questions). */
  budget: number;
  /** The annotator. */
  answer(task: RecipeTask): GivenAnswer;
  /** Text classifiers refit a prior from the unanswered inputs, as streams do (default true). */
  unlabeledPrior?: boolean;
  /** Called after each answer has been learnt, with the number of answers given so far. */
  onAnswer?(task: RecipeTask, given: GivenAnswer, answers: number): void;
}

/** Replays the stream until the budget is spent or no question is left; gives the answer count. */
export function replayStream(replay: StreamReplay): number {
  const { recipe, model, inputs } = replay;
  let revision = 0;
  let turn = 0;
  let answers = 0;
  let priorRefitAt = nextPriorRefit(0);
  const context = (): RecipeContext => ({
    recipe,
    labels: replay.labels,
    sorter: replay.sorter,
    model,
    patterns: replay.patterns,
    revision,
  });
  const keyOf = (task: RecipeTask) => (asksWholeInputs(recipe) ? task.inputHash : task.taskHash);
  // Insertion-ordered, as the stream's pool: it decides ties when re-scoring and trimming.
  const pool = new Map<number, RecipeTask>();
  const answeredKeys = new Set<number>();
  const answeredInputs = new Set<number>();
  const passes = new SourcePasses();
  const byPosition = new Map(inputs.map((input, i) => [input.position, i]));
  const groupOf = labelTurns(context());
  const usePrior = model.kind === 'textcat' && (replay.unlabeledPrior ?? true);

  const fill = () => {
    while (pool.size < CANDIDATE_POOL.target && !passes.done) {
      const from = passes.cursor < 0 ? 0 : byPosition.get(passes.cursor)! + 1;
      const read = inputs.slice(from, from + CANDIDATE_POOL.readBatch);
      if (!passes.read(read.at(-1)?.position)) continue;
      const fresh = read.filter((i) => !(asksWholeInputs(recipe) && answeredKeys.has(i.inputHash)));
      for (const task of proposeTasks(fresh, context())) {
        if (pool.has(task.taskHash) || answeredKeys.has(keyOf(task))) continue;
        pool.set(task.taskHash, task);
        passes.added();
      }
      for (const task of lowestPriority([...pool.values()], pool.size - CANDIDATE_POOL.max))
        pool.delete(task.taskHash);
    }
  };

  while (answers < replay.budget) {
    fill();
    const next = takeInTurns(
      pool.values(),
      1,
      (t) => t.priority,
      (t) => !answeredKeys.has(keyOf(t)),
      groupOf,
      turn,
    );
    const task = next.taken[0];
    if (!task) break;
    turn = next.turn;
    const given = replay.answer(task);
    answeredKeys.add(keyOf(task));
    answeredInputs.add(task.inputHash);
    pool.delete(task.taskHash);
    if (given.answer !== 'ignore') {
      learnAnswer(model, recipe, task, given.answer, given);
      revision++;
    }
    answers++;
    if (usePrior && model.kind === 'textcat' && revision >= priorRefitAt) {
      priorRefitAt = nextPriorRefit(revision);
      const unanswered = inputs.filter((i) => !answeredInputs.has(i.inputHash));
      unanswered.sort((a, b) => a.inputHash - b.inputHash);
      model.model.fitUnlabeledPrior(unanswered.slice(0, PRIOR_SAMPLE));
      const ctx = context();
      for (const t of pool.values()) scoreTask(t, ctx);
    }
    const ctx = context();
    for (const t of staleTasks(pool.values(), revision)) scoreTask(t, ctx);
    replay.onAnswer?.(task, given, answers);
  }
  return answers;
}
