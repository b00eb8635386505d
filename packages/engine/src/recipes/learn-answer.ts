import type { Answer, Span } from '../types.js';
import {
  asksWholeInputs,
  type RecipeModel,
  type RecipeName,
  type RecipeTask,
} from './recipe-types.js';

/** What the annotator gave beside accept / reject / ignore. */
export interface AnswerDetail {
  /** Manual NER recipes: the spans marked (the whole sentence's entities). */
  spans?: readonly Span[];
  /** Choice recipes: the accepted option ids. */
  accept?: readonly string[];
}

/**
 * Teaches the in-loop model one answer. NER: a binary answer on one span constrains the lattice
 * (accept: the span is there; reject: it is not); manual spans are full supervision of the
 * sentence, learnt when accepted. Text classifier: a yes/no on one label, or the accepted options
 * of a choice. `ignore` teaches nothing.
 */
export function learnAnswer(
  model: RecipeModel,
  recipe: RecipeName,
  task: RecipeTask,
  answer: Answer,
  detail: AnswerDetail = {},
): void {
  if (answer === 'ignore') return;
  if (model.kind === 'textcat') {
    const text = { text: task.text, tokens: task.tokens };
    if (task.label !== undefined) model.model.update([{ ...text, label: task.label, answer }]);
    else if (detail.accept) model.model.update([{ ...text, accept: [...detail.accept], answer }]);
    return;
  }
  const { tokens, rows } = task;
  if (!tokens) return;
  if (asksWholeInputs(recipe)) {
    if (answer === 'accept' && detail.spans)
      model.model.update([{ tokens, rows, accept: detail.spans, complete: true }]);
    return;
  }
  const span = task.spans?.[0];
  if (!span) return;
  model.model.update([
    answer === 'accept' ? { tokens, rows, accept: [span] } : { tokens, rows, reject: [span] },
  ]);
}
