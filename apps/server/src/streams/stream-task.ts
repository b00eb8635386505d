import type { Span, Token } from '@chorus/engine';

/** A task as a stream holds it: the question, its hashes, and what the model thought of it. */
export interface StreamTask {
  taskHash: number;
  inputHash: number;
  /** The input's order in its source; `mark` follows it. */
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

/** The task as sent to clients and stored with an answer, in Prodigy's format. */
export function taskRecord(task: StreamTask): Record<string, unknown> {
  const record: Record<string, unknown> = { text: task.text };
  if (task.tokens) record.tokens = task.tokens;
  if (task.spans) record.spans = task.spans;
  if (task.label !== undefined) record.label = task.label;
  if (task.options) record.options = task.options;
  const meta = { ...task.meta, ...(task.pattern ? { pattern: task.pattern } : {}) };
  if (Object.keys(meta).length > 0) record.meta = meta;
  record.score = task.score;
  if (task.viewId) record._view_id = task.viewId;
  return record;
}

/** What a client gets for a task: the Prodigy record plus the stream's bookkeeping. */
export interface TaskView {
  taskHash: number;
  inputHash: number;
  task: Record<string, unknown>;
  score: number;
  priority: number;
  scoredAt: number;
  pattern: string | null;
}

export function toTaskView(task: StreamTask): TaskView {
  return {
    taskHash: task.taskHash,
    inputHash: task.inputHash,
    task: taskRecord(task),
    score: task.score,
    priority: task.priority,
    scoredAt: task.scoredAt,
    pattern: task.pattern ?? null,
  };
}
