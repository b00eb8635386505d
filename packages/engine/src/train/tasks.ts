/**
 * Answered tasks as they come out of a dataset (Prodigy's JSONL format), checked one by one so a
 * bad record is reported with its position instead of failing deep inside a model.
 */
import type { TokenSpan } from '../ner/tags.js';
import { InvalidTokensError, tokensFor } from '../tokenizer.js';
import type { Answer, Token } from '../types.js';

/** A span as found in a task: character offsets, token indices optional (derived from offsets). */
export interface TaskSpan {
  start: number;
  end: number;
  label: string;
  token_start?: number;
  token_end?: number;
}

/** One answered task (or one gold record: no `answer`), in Prodigy's field names. */
export interface AnsweredTask {
  text: string;
  tokens?: Token[];
  spans?: TaskSpan[];
  /** The label asked about (textcat.teach) . */
  label?: string;
  /** The accepted option ids of a choice task. */
  accept?: (string | number)[];
  options?: { id: string | number; text?: string }[];
  /** spaCy-style gold categories: every label with 1.0 (applies) or 0.0 (does not). */
  cats?: Record<string, number>;
  answer?: Answer;
  _input_hash?: number;
  _task_hash?: number;
  /** The annotation interface: `ner_manual` / `spans_manual` mean a complete annotation. */
  _view_id?: string;
  meta?: Record<string, unknown>;
}

/** A task that cannot be used; `index` is its position in the list given, `field` a path. */
export class InvalidTaskError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    /** What is wrong, without the position. */
    readonly reason: string,
    readonly index: number,
    readonly field: string,
  ) {
    super(`task ${index}, ${field}: ${reason}`);
    this.name = 'InvalidTaskError';
  }
}

const ANSWERS = new Set<unknown>(['accept', 'reject', 'ignore', undefined]);

/** Checks the fields every kind reads; throws `InvalidTaskError`. */
export function checkTask(task: unknown, index: number): asserts task is AnsweredTask {
  if (task === null || typeof task !== 'object' || Array.isArray(task)) {
    throw new InvalidTaskError('expected a JSON object', index, 'task');
  }
  const t = task as Record<string, unknown>;
  if (typeof t.text !== 'string') throw new InvalidTaskError('expected a string', index, 'text');
  if (!ANSWERS.has(t.answer)) {
    throw new InvalidTaskError('expected accept, reject or ignore', index, 'answer');
  }
  if (t.tokens !== undefined && !Array.isArray(t.tokens)) {
    throw new InvalidTaskError('expected an array', index, 'tokens');
  }
  if (t.spans !== undefined && !Array.isArray(t.spans)) {
    throw new InvalidTaskError('expected an array', index, 'spans');
  }
  if (t.label !== undefined && typeof t.label !== 'string') {
    throw new InvalidTaskError('expected a string', index, 'label');
  }
  if (t.accept !== undefined && !Array.isArray(t.accept)) {
    throw new InvalidTaskError('expected an array', index, 'accept');
  }
  if (t.cats !== undefined) {
    const cats = t.cats as Record<string, unknown>;
    if (cats === null || typeof cats !== 'object' || Array.isArray(cats)) {
      throw new InvalidTaskError('expected an object of numbers', index, 'cats');
    }
    for (const [label, value] of Object.entries(cats)) {
      if (typeof value !== 'number') {
        throw new InvalidTaskError('expected a number', index, `cats.${label}`);
      }
    }
  }
  if (t._input_hash !== undefined && !Number.isSafeInteger(t._input_hash)) {
    throw new InvalidTaskError('expected an integer', index, '_input_hash');
  }
}

/** The task's tokens (its own, checked, or from the tokenizer). */
export function taskTokens(task: AnsweredTask, index: number): Token[] {
  try {
    return tokensFor(task);
  } catch (error) {
    if (error instanceof InvalidTokensError) {
      throw new InvalidTaskError(
        error.message,
        index,
        `tokens[${error.tokenIndex}].${error.field}`,
      );
    }
    throw error;
  }
}

/**
 * The spans of a task by token indices. `token_start`/`token_end` are used when given (checked to
 * be in range); otherwise the character offsets must fall on token boundaries.
 */
export function taskTokenSpans(task: AnsweredTask, tokens: Token[], index: number): TokenSpan[] {
  const spans = task.spans ?? [];
  let starts: Map<number, number> | null = null;
  let ends: Map<number, number> | null = null;
  return spans.map((span, i) => {
    const field = `spans[${i}]`;
    if (span === null || typeof span !== 'object' || typeof span.label !== 'string') {
      throw new InvalidTaskError('expected an object with a string label', index, field);
    }
    let s = span.token_start;
    let e = span.token_end;
    if (s === undefined || e === undefined) {
      starts ??= new Map(tokens.map((token, t) => [token.start, t]));
      ends ??= new Map(tokens.map((token, t) => [token.end, t]));
      s = starts.get(span.start);
      e = ends.get(span.end);
      if (s === undefined || e === undefined) {
        const where = `${span.start}..${span.end}`;
        throw new InvalidTaskError(`offsets ${where} are not on token boundaries`, index, field);
      }
    }
    if (!(Number.isInteger(s) && Number.isInteger(e) && 0 <= s && s <= e && e < tokens.length)) {
      const range = `${s}..${e}`;
      throw new InvalidTaskError(
        `token range ${range} outside 0..${tokens.length - 1}`,
        index,
        field,
      );
    }
    return { token_start: s, token_end: e, label: span.label };
  });
}
