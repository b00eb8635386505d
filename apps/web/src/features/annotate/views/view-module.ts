import type { TaskFieldsFragment } from '@chorus/schema';
import type { ComponentType } from 'react';
import type { KeyAction } from '../session/key-map';
import type { MarkedSpan, TokenRange } from './manual-ner/token-selection';

/** A task as the annotate page holds it: the typed fields of the `tasks` subscription. */
export type AnnotateTask = TaskFieldsFragment;

/** What the annotator has done to the task on screen so far (manual views). */
export interface TaskEdit {
  spans: MarkedSpan[];
  /** Choice: the option ids ticked. */
  accept: string[];
  /** Manual NER: the label a new selection gets (index into the labels). */
  activeLabel: number;
  /** Manual NER: the keyboard's token cursor, and the selection it grows with shift. */
  cursor: number;
  selection: TokenRange | null;
}

export interface ViewContext {
  task: AnnotateTask;
  labels: readonly string[];
  /** Choice: exactly one option applies. */
  exclusive: boolean;
}

export interface ViewProps extends ViewContext {
  edit: TaskEdit;
  onEdit(edit: TaskEdit): void;
}

/**
 * One kind of task view, registered by its view id (`registry.ts`): how it draws the task, what
 * its edit starts as, and what the number and arrow keys do in it.
 */
export interface TaskViewModule {
  Component: ComponentType<ViewProps>;
  /** True when the answer carries what was marked (spans, options): Enter submits it. */
  manual: boolean;
  initialEdit(context: ViewContext): TaskEdit;
  /** A label or cursor key; the view's next edit, or null when the key means nothing here. */
  onKey?(action: KeyAction, edit: TaskEdit, context: ViewContext): TaskEdit | null;
}

/** The edit of a view that marks nothing. */
export function blankEdit(): TaskEdit {
  return { spans: [], accept: [], activeLabel: 0, cursor: 0, selection: null };
}
