import { matchPatterns, matchTextcatPatterns } from '../patterns/match.js';
import { taskHash } from '../task-hash.js';
import { tokensFor } from '../tokenizer.js';
import type { RecipeContext, RecipeInput, RecipeName, RecipeTask } from './recipe-types.js';
import { taskPriority } from './task-priority.js';

/** NER suggestions: spans at least this probable, at most this many per sentence. */
export const SUGGEST = { threshold: 0.05, maxPerSentence: 4 } as const;

/** Prodigy's interface ids, which tell trainers how to read an answer. */
const VIEW_ID: Partial<Record<RecipeName, string>> = {
  ner_teach: 'ner',
  ner_manual: 'ner_manual',
  ner_correct: 'ner_manual',
  textcat_teach: 'classification',
  textcat_manual: 'choice',
};

type Question = Omit<RecipeTask, 'taskHash' | 'priority' | 'scoredAt'>;

/**
 * The tasks a recipe makes of a batch of inputs, each scored by the in-loop model:
 * - `textcat_teach`: one yes/no question per label, scored by P(label);
 * - `ner_teach`: one question per span the model (or a pattern) proposes, scored by its marginal;
 * - `ner_manual` / `ner_correct`: the whole sentence (`ner_correct` pre-filled with the model's
 *   spans), scored by the probability of the model's best analysis;
 * - `textcat_manual`: the labels as options, scored by the top label's probability;
 * - `mark`: every input as it is, in source order, about its own label or the stream's only one
 *   (Prodigy's `classification` view), or about nothing but the text (`text`).
 * `review` tasks are made from stored answers, by the server: none here.
 */
export function proposeTasks(inputs: readonly RecipeInput[], ctx: RecipeContext): RecipeTask[] {
  const tasks: RecipeTask[] = [];
  const add = (question: Question) => tasks.push(withHash(question, ctx));
  const model = ctx.model;
  if (ctx.recipe === 'mark') {
    for (const input of inputs) {
      const label = input.label ?? (ctx.labels.length === 1 ? ctx.labels[0] : undefined);
      add({
        ...base(input),
        label,
        score: 0,
        viewId: label === undefined ? 'text' : 'classification',
      });
    }
  } else if (model?.kind === 'textcat') {
    const probabilities = model.model.predict(inputs);
    inputs.forEach((input, i) => {
      const p = probabilities[i]!;
      if (ctx.recipe === 'textcat_manual') {
        const options = ctx.labels.map((label) => ({ id: label, text: label }));
        add({ ...base(input), options, score: Math.max(...p) });
        return;
      }
      const proposedBy = new Map(
        matchTextcatPatterns(input, ctx.patterns).map((m) => [m.label, m.pattern]),
      );
      ctx.labels.forEach((label, l) => {
        add({ ...base(input), label, score: p[l]!, pattern: proposedBy.get(label) });
      });
    });
  } else if (model?.kind === 'ner') {
    const ner = model.model;
    for (const input of inputs) {
      const tokens = tokensFor(input);
      // Hashed feature rows, computed once per sentence and kept with its tasks for re-scoring.
      const rows = ner.featureRows(tokens);
      if (ctx.recipe !== 'ner_teach') {
        const prediction = ner.predictSentence(tokens, rows);
        const spans =
          ctx.recipe === 'ner_correct'
            ? prediction.spans.map(({ score: _s, ...span }) => span)
            : [];
        add({ ...base(input), tokens, rows, spans, score: prediction.pathProbability });
        continue;
      }
      // Pattern matches first, so a span both matched and suggested counts as a match.
      const seen = new Set<string>();
      for (const match of matchPatterns(tokens, ctx.patterns)) {
        const { start, end, token_start, token_end, label } = match;
        const span = { start, end, token_start, token_end, label };
        seen.add(`${token_start}:${token_end}:${label}`);
        const score = ner.spanMarginal(tokens, span, rows);
        add({ ...base(input), tokens, rows, spans: [span], score, pattern: match.pattern });
      }
      for (const { score, ...span } of ner.suggest(tokens, SUGGEST, rows)) {
        if (seen.has(`${span.token_start}:${span.token_end}:${span.label}`)) continue;
        add({ ...base(input), tokens, rows, spans: [span], score });
      }
    }
  }
  return tasks;
}

function base(input: RecipeInput) {
  return {
    inputHash: input.inputHash,
    position: input.position,
    text: input.text,
    tokens: input.tokens,
    meta: input.meta,
  };
}

function withHash(question: Question, ctx: RecipeContext): RecipeTask {
  const task: RecipeTask = {
    viewId: VIEW_ID[ctx.recipe],
    ...question,
    taskHash: taskHash(question, question.inputHash),
    priority: 0,
    scoredAt: ctx.revision,
  };
  task.priority = taskPriority(task, ctx);
  return task;
}
