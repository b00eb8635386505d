import { keepProbability, leastConfidence, uncertainty } from '../sorters.js';
import { asksWholeInputs, type RecipeContext, type RecipeTask } from './recipe-types.js';

/** Answers during which pattern matches are asked before anything the model proposes. */
export const PATTERN_WARMUP_ANSWERS = 50;

/**
 * Higher is asked first. Binary questions: the closer to 0.5 the more likely to be drawn.
 * Whole-input questions: least confidence of the best analysis. `mark` keeps source order.
 * Pattern matches add 1 (above any other priority) while the model has learnt fewer than
 * `PATTERN_WARMUP_ANSWERS` answers.
 */
export function taskPriority(task: RecipeTask, ctx: RecipeContext): number {
  if (ctx.recipe === 'mark') return -task.position;
  // Cold start: a blank model's scores say little, so pattern matches go first for a while.
  const warmup = task.pattern !== undefined && ctx.revision < PATTERN_WARMUP_ANSWERS ? 1 : 0;
  if (ctx.sorter === 'random') return warmup + hashFraction(task.taskHash);
  if (ctx.sorter === 'high_scores') return warmup + task.score;
  if (asksWholeInputs(ctx.recipe)) return warmup + leastConfidence(task.score);
  // Binary questions are drawn with probability proportional to their uncertainty (weighted
  // sampling, Efraimidis–Spirakis: the key r^(1/w) ranks like a draw), not strictly most-uncertain
  // first: replaying CoNLL (bench/engine/active-learning.md), strict ranking soon asks only about
  // one label and ends far below random, while this draw beats random. r comes from the task hash
  // and the revision that scored it, so the draw is reproducible and changes as the model learns.
  const weight = keepProbability(uncertainty(task.score));
  return warmup + Math.pow(hashFraction(task.taskHash + task.scoredAt) || 1e-9, 1 / weight);
}

/** Scores a task again with the current model, stamping the revision that did it, and ranks it. */
export function scoreTask(task: RecipeTask, ctx: RecipeContext): void {
  const model = ctx.model;
  if (!model) return;
  if (model.kind === 'textcat') {
    const p = model.model.predict([task])[0]!;
    task.score =
      task.label !== undefined ? p[model.model.labels.indexOf(task.label)]! : Math.max(...p);
  } else if (ctx.recipe === 'ner_teach' && task.spans?.[0] && task.tokens) {
    task.score = model.model.spanMarginal(task.tokens, task.spans[0], task.rows);
  } else if (task.tokens) {
    task.score = model.model.predictSentence(task.tokens, task.rows).pathProbability;
  }
  task.scoredAt = ctx.revision;
  task.priority = taskPriority(task, ctx);
}

/** A stable pseudo-random number in [0, 1) from an integer (a task hash). */
function hashFraction(hash: number): number {
  return (hash % 1_000_003) / 1_000_003;
}
