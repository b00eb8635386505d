/**
 * The plain data the active-learning policy works on: a recipe's name and sorter (the same values
 * as the server's `Recipe` and `Sorter` enums), the inputs it reads, the tasks it makes, and the
 * model in the loop. Streams fill them from the database, the simulator from gold files.
 */
import type { NerModel } from '../ner/crf.js';
import type { Pattern } from '../patterns/parse.js';
import type { TextClassifier } from '../textcat/model.js';
import type { Span, Token } from '../types.js';

/** How a stream makes tasks (`review` adjudicates stored answers: the server makes those). */
export type RecipeName =
  | 'ner_teach'
  | 'ner_correct'
  | 'ner_manual'
  | 'textcat_teach'
  | 'textcat_manual'
  | 'mark'
  | 'review';

/** Which candidates are asked first. */
export type SorterName = 'uncertain' | 'high_scores' | 'random';

/** One input of a source, as the recipes see it. */
export interface RecipeInput {
  inputHash: number;
  /** The input's order in its source; `mark` follows it. */
  position: number;
  text: string;
  tokens?: Token[];
  /** A label the input came with (`mark` asks about it). */
  label?: string;
  meta?: Record<string, unknown>;
}

/** A question about one input, with its hashes and what the model thought of it. */
export interface RecipeTask {
  taskHash: number;
  inputHash: number;
  position: number;
  text: string;
  tokens?: Token[];
  /** NER: the tokens' hashed feature rows, kept so re-scoring and learning skip the hashing. */
  rows?: Int32Array;
  spans?: Span[];
  label?: string;
  options?: { id: string; text: string }[];
  meta?: Record<string, unknown>;
  /** The model's probability for the question (span, label), or its confidence in the whole. */
  score: number;
  /** What the sorter ranks by: higher is asked first. */
  priority: number;
  /** How many answers the in-loop model had learnt from when it scored this task. */
  scoredAt: number;
  /** Id of the pattern that proposed it, if any. */
  pattern?: string;
  /** Prodigy's `_view_id`: how the task is shown, and so how its answer is learnt from. */
  viewId?: string;
}

/** The model in the loop, whatever its kind. */
export type RecipeModel =
  | { readonly kind: 'ner'; readonly model: NerModel }
  | { readonly kind: 'textcat'; readonly model: TextClassifier };

/** Everything the policy needs to make, score and rank tasks at one moment of a stream. */
export interface RecipeContext {
  recipe: RecipeName;
  labels: readonly string[];
  sorter: SorterName;
  /** Absent for recipes without a model (`mark`, `review`). */
  model?: RecipeModel;
  patterns: readonly Pattern[];
  /** Answers the model has learnt from: stamped on every score. */
  revision: number;
}

/** Whether a recipe's questions are about whole inputs (never asked twice per input). */
export function asksWholeInputs(recipe: RecipeName): boolean {
  // Review questions are keyed by their group (a task or an input hash), kept as the task hash.
  return recipe !== 'ner_teach' && recipe !== 'textcat_teach' && recipe !== 'review';
}

export function usesModel(recipe: RecipeName): boolean {
  return recipe !== 'mark' && recipe !== 'review';
}
