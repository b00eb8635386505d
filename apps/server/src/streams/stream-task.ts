import type { RecipeTask, Span, Token } from '@chorus/engine';
import { ViewId, type AnswerKind } from '@chorus/schema';

/** What one session last answered to a question under review. */
export interface ReviewVersion {
  session: string | null;
  answer: AnswerKind;
  /** Manual answers: the spans the session marked. */
  spans?: Span[];
  /** Choice answers: the options the session accepted. */
  accept?: string[];
}

/**
 * A task as a stream holds it: the engine's question (hashes, scores, view) plus what only the
 * review recipe adds.
 */
export interface StreamTask extends RecipeTask {
  /** Review tasks: each session's latest answer, and whether they disagree. */
  reviews?: ReviewVersion[];
  conflict?: boolean;
}

/** The task as sent to clients and stored with an answer, in Prodigy's format. */
export function taskRecord(task: StreamTask): Record<string, unknown> {
  const record: Record<string, unknown> = { text: task.text };
  if (task.tokens) record.tokens = task.tokens;
  if (task.spans) record.spans = task.spans;
  if (task.label !== undefined) record.label = task.label;
  if (task.options) record.options = task.options;
  const meta = {
    ...metaOf(task),
    ...(task.reviews ? { sessions: task.reviews, conflict: task.conflict ?? false } : {}),
  };
  if (Object.keys(meta).length > 0) record.meta = meta;
  record.score = task.score;
  if (task.viewId) record._view_id = task.viewId;
  return record;
}

/** The task's meta as the annotator sees it: the input's, plus the pattern that proposed it. */
function metaOf(task: StreamTask): Record<string, unknown> {
  return { ...task.meta, ...(task.pattern ? { pattern: task.pattern } : {}) };
}

/** The view of a task: its `_view_id` when it has a known one, else what its fields show. */
export function viewOf(task: StreamTask): ViewId {
  if (task.viewId === 'spans_manual') return ViewId.ner_manual;
  if (task.viewId && Object.values<string>(ViewId).includes(task.viewId))
    return task.viewId as ViewId;
  if (task.options) return ViewId.choice;
  if (task.label !== undefined) return ViewId.classification;
  if (task.spans?.length === 1) return ViewId.ner;
  return task.spans ? ViewId.ner_manual : ViewId.text;
}

/**
 * What a client gets for a task: the Prodigy record, the same fields typed (so no client parses
 * task JSON), and the stream's bookkeeping.
 */
export interface TaskView {
  taskHash: number;
  inputHash: number;
  task: Record<string, unknown>;
  text: string;
  tokens: Token[] | null;
  spans: Span[] | null;
  label: string | null;
  options: { id: string; text: string }[] | null;
  /** Choice tasks: the options ticked when the task is shown. */
  accept: string[] | null;
  meta: Record<string, unknown> | null;
  view: ViewId;
  reviews: ReviewVersion[] | null;
  conflict: boolean | null;
  score: number;
  priority: number;
  scoredAt: number;
  pattern: string | null;
}

export function toTaskView(task: StreamTask): TaskView {
  const view = viewOf(task);
  const meta = metaOf(task);
  return {
    taskHash: task.taskHash,
    inputHash: task.inputHash,
    task: taskRecord(task),
    text: task.text,
    tokens: task.tokens ?? null,
    spans: task.spans ?? null,
    label: task.label ?? null,
    options: task.options ?? null,
    // Nothing is pre-filled yet: every choice starts unticked.
    accept: view === ViewId.choice ? [] : null,
    meta: Object.keys(meta).length > 0 ? meta : null,
    view,
    reviews: task.reviews ?? null,
    conflict: task.reviews ? (task.conflict ?? false) : null,
    score: task.score,
    priority: task.priority,
    scoredAt: task.scoredAt,
    pattern: task.pattern ?? null,
  };
}
