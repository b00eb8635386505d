import {
  keepProbability,
  leastConfidence,
  taskHash,
  tokensFor,
  type Pattern,
  type Token,
  matchPatterns,
  matchTextcatPatterns,
  uncertainty,
} from '@chorus/engine';
import { Recipe, Sorter } from '@chorus/schema';
import type { InLoopModel, NerInLoopModel, TextcatInLoopModel } from './in-loop-model.js';
import type { StreamTask } from './stream-task.js';

/** One input of the stream's source, as the recipes see it. */
export interface StreamInput {
  inputHash: number;
  position: number;
  text: string;
  tokens?: Token[];
  /** A label the input came with (`mark` asks about it). */
  label?: string;
  meta?: Record<string, unknown>;
}

export interface RecipeContext {
  recipe: Recipe;
  labels: string[];
  sorter: Sorter;
  model?: InLoopModel;
  patterns: Pattern[];
  /** Answers the model has learnt from: stamped on every score. */
  revision: number;
}

/** Whether a recipe's questions are about whole inputs (never asked twice per input). */
export function asksWholeInputs(recipe: Recipe): boolean {
  // Review questions are keyed by their group (a task or an input hash), kept as the task hash.
  return recipe !== Recipe.ner_teach && recipe !== Recipe.textcat_teach && recipe !== Recipe.review;
}

export function usesModel(recipe: Recipe): boolean {
  return recipe !== Recipe.mark && recipe !== Recipe.review;
}

/**
 * The tasks a recipe makes of a batch of inputs, each scored by the in-loop model:
 * - `textcat_teach`: one yes/no question per label, scored by P(label);
 * - `ner_teach`: one question per span the model (or a pattern) proposes, scored by its marginal;
 * - `ner_manual` / `ner_correct`: the whole sentence (`ner_correct` pre-filled with the model's
 *   spans), scored by the probability of the model's best analysis;
 * - `textcat_manual`: the labels as options, scored by the top label's probability;
 * - `mark`: every input as it is, in source order, about its own label or the stream's only one
 *   (Prodigy's `classification` view), or about nothing but the text (`text`).
 */
export function makeTasks(inputs: StreamInput[], ctx: RecipeContext): StreamTask[] {
  const tasks: StreamTask[] = [];
  const model = ctx.model;
  if (ctx.recipe === Recipe.textcat_teach || ctx.recipe === Recipe.textcat_manual) {
    const probabilities = (model as TextcatInLoopModel).probabilities(inputs);
    inputs.forEach((input, i) => {
      const p = probabilities[i]!;
      if (ctx.recipe === Recipe.textcat_manual) {
        const options = ctx.labels.map((label) => ({ id: label, text: label }));
        tasks.push(withHash({ ...base(input), options, score: Math.max(...p) }, ctx));
        return;
      }
      const proposedBy = new Map(
        matchTextcatPatterns(input, ctx.patterns).map((m) => [m.label, m.pattern]),
      );
      ctx.labels.forEach((label, l) => {
        tasks.push(
          withHash({ ...base(input), label, score: p[l]!, pattern: proposedBy.get(label) }, ctx),
        );
      });
    });
    return tasks;
  }
  for (const input of inputs) {
    const tokens = tokensFor(input);
    if (ctx.recipe === Recipe.mark) {
      const label = input.label ?? (ctx.labels.length === 1 ? ctx.labels[0] : undefined);
      const task = withHash({ ...base(input), label, score: 0 }, ctx);
      task.viewId = label === undefined ? 'text' : 'classification';
      tasks.push(task);
    } else if (ctx.recipe === Recipe.ner_teach) {
      const ner = (model as NerInLoopModel).model;
      // Hashed feature rows, computed once per sentence and kept with its tasks for re-scoring.
      const rows = ner.featureRows(tokens);
      const seen = new Set<string>();
      for (const match of matchPatterns(tokens, ctx.patterns)) {
        const span = {
          start: match.start,
          end: match.end,
          token_start: match.token_start,
          token_end: match.token_end,
          label: match.label,
        };
        seen.add(`${span.token_start}:${span.token_end}:${span.label}`);
        const score = ner.spanMarginal(tokens, span, rows);
        tasks.push(
          withHash(
            { ...base(input), tokens, rows, spans: [span], score, pattern: match.pattern },
            ctx,
          ),
        );
      }
      for (const { score, ...span } of ner.suggest(
        tokens,
        { threshold: 0.05, maxPerSentence: 4 },
        rows,
      )) {
        if (seen.has(`${span.token_start}:${span.token_end}:${span.label}`)) continue;
        tasks.push(withHash({ ...base(input), tokens, rows, spans: [span], score }, ctx));
      }
    } else {
      const ner = (model as NerInLoopModel).model;
      const rows = ner.featureRows(tokens);
      const prediction = ner.predictSentence(tokens, rows);
      const spans =
        ctx.recipe === Recipe.ner_correct
          ? prediction.spans.map(({ score: _s, ...span }) => span)
          : [];
      tasks.push(
        withHash({ ...base(input), tokens, rows, spans, score: prediction.pathProbability }, ctx),
      );
    }
  }
  return tasks;
}

/** Scores a task again with the current model and stamps the revision that did it. */
export function rescore(task: StreamTask, ctx: RecipeContext): void {
  const model = ctx.model;
  if (!model) return;
  if (model.kind === 'textcat') {
    const p = model.probabilities([task])[0]!;
    task.score = task.label !== undefined ? p[model.labelIndex(task.label)]! : Math.max(...p);
  } else if (ctx.recipe === Recipe.ner_teach && task.spans?.[0] && task.tokens) {
    task.score = model.model.spanMarginal(task.tokens, task.spans[0], task.rows);
  } else if (task.tokens) {
    task.score = model.model.predictSentence(task.tokens, task.rows).pathProbability;
  }
  task.scoredAt = ctx.revision;
  task.priority = priorityOf(task, ctx);
}

function base(input: StreamInput) {
  return {
    inputHash: input.inputHash,
    position: input.position,
    text: input.text,
    tokens: input.tokens,
    meta: input.meta,
  };
}

/** Prodigy's interface ids, which tell trainers how to read an answer. */
const VIEW_ID: Partial<Record<Recipe, string>> = {
  [Recipe.ner_teach]: 'ner',
  [Recipe.ner_manual]: 'ner_manual',
  [Recipe.ner_correct]: 'ner_manual',
  [Recipe.textcat_teach]: 'classification',
  [Recipe.textcat_manual]: 'choice',
};

function withHash(
  task: Omit<StreamTask, 'taskHash' | 'priority' | 'scoredAt'>,
  ctx: RecipeContext,
): StreamTask {
  const full = {
    ...task,
    taskHash: taskHash(task, task.inputHash),
    priority: 0,
    scoredAt: ctx.revision,
    viewId: VIEW_ID[ctx.recipe],
  } as StreamTask;
  full.priority = priorityOf(full, ctx);
  return full;
}

/**
 * Higher is asked first. Binary questions: the closer to 0.5 the more uncertain. Whole-input
 * questions: least confidence of the best analysis. `mark` keeps source order.
 */
export function priorityOf(task: StreamTask, ctx: RecipeContext): number {
  if (ctx.recipe === Recipe.mark) return -task.position;
  // Cold start: a blank model's scores say little, so pattern matches go first for a while.
  const warmup = task.pattern !== undefined && ctx.revision < PATTERN_WARMUP_ANSWERS ? 1 : 0;
  if (ctx.sorter === Sorter.random) return warmup + hashFraction(task.taskHash);
  if (ctx.sorter === Sorter.high_scores) return warmup + task.score;
  if (asksWholeInputs(ctx.recipe)) return warmup + leastConfidence(task.score);
  // Binary questions are drawn with probability proportional to their uncertainty (weighted
  // sampling: the key r^(1/w) ranks like a draw), not strictly most-uncertain first: replaying
  // CoNLL (bench/engine/active-learning.md), strict ranking soon asks only about one label and
  // ends far below random, while this draw beats random.
  const weight = keepProbability(uncertainty(task.score));
  return warmup + Math.pow(hashFraction(task.taskHash + task.scoredAt) || 1e-9, 1 / weight);
}

/**
 * Binary questions the model proposes on its own (no patterns) take turns by label when they are
 * leased. From a blank model, the labels that get a few early accepts climb towards P = 0.5 and
 * the others sink, so uncertainty alone soon asks about one or two labels and never learns the
 * rest; replaying CoNLL without patterns, turns lift ner.teach from random's F1 to 3.7 points
 * above it (`interleaveGroups` in the engine, bench/engine/active-learning.md). With patterns,
 * which bring every label its accepts, turns measured slightly worse, so they stay off.
 */
export function labelTurns(ctx: RecipeContext): ((task: StreamTask) => number) | undefined {
  const binary = ctx.recipe === Recipe.ner_teach || ctx.recipe === Recipe.textcat_teach;
  if (!binary || ctx.sorter !== Sorter.uncertain || ctx.patterns.length > 0) return undefined;
  if (ctx.labels.length < 2) return undefined;
  const index = new Map(ctx.labels.map((label, i) => [label, i]));
  return (task) => index.get(task.label ?? task.spans?.[0]?.label ?? '') ?? -1;
}

/** Answers during which pattern matches are asked before anything the model proposes. */
export const PATTERN_WARMUP_ANSWERS = 50;

/** A stable pseudo-random number in [0, 1) from a task hash, for the random sorter. */
function hashFraction(hash: number): number {
  return (hash % 1_000_003) / 1_000_003;
}
