'use client';

import { AnswerKind } from '@chorus/schema';
import { useCallback, useState } from 'react';
import type { KeyAction } from './session/key-map';
import type { AnswerFields } from './session/use-annotation-session';
import { usePageKeys } from './session/use-page-keys';
import { TaskMeta } from './task-meta';
import { viewFor } from './views/registry';
import type { AnnotateTask, TaskEdit, ViewContext } from './views/view-module';

/** Prodigy's span fields, as the answer stores them. */
function prodigySpans(edit: TaskEdit): Record<string, unknown>[] {
  return edit.spans.map((span) => ({
    start: span.start,
    end: span.end,
    token_start: span.tokenStart,
    token_end: span.tokenEnd,
    label: span.label,
  }));
}

/** What a manual view's answer carries: the spans marked, or the options ticked. */
function answerFields(task: AnnotateTask, edit: TaskEdit, manual: boolean): AnswerFields {
  if (!manual) return {};
  if (task.options || task.reviews?.some((version) => version.accept !== null)) {
    return { accept: edit.accept };
  }
  return { spans: prodigySpans(edit) };
}

export interface TaskWorkspaceProps {
  task: AnnotateTask;
  labels: readonly string[];
  exclusive: boolean;
  onAnswer(kind: AnswerKind, fields: AnswerFields): void;
  /** Keys the task does not use (undo, help). */
  onOtherKey(action: KeyAction): boolean;
}

const ANSWER_KIND = {
  accept: AnswerKind.accept,
  reject: AnswerKind.reject,
  ignore: AnswerKind.ignore,
} as const;

/**
 * The task on screen: its view, chosen by view id, the answer buttons, and the keys. Mounted
 * once per task (keyed by its hash), so a manual view's marks start fresh on every task.
 */
export function TaskWorkspace({
  task,
  labels,
  exclusive,
  onAnswer,
  onOtherKey,
}: TaskWorkspaceProps) {
  const view = viewFor(task.view);
  const context: ViewContext = { task, labels, exclusive };
  const [edit, setEdit] = useState<TaskEdit>(() => view.initialEdit(context));

  const submit = useCallback(
    (kind: AnswerKind) =>
      onAnswer(kind, kind === AnswerKind.accept ? answerFields(task, edit, view.manual) : {}),
    [onAnswer, task, edit, view.manual],
  );

  usePageKeys((action) => {
    switch (action.kind) {
      case 'answer':
        submit(ANSWER_KIND[action.answer]);
        return true;
      case 'submit':
        if (!view.manual) return false;
        submit(AnswerKind.accept);
        return true;
      case 'label':
      case 'cursor': {
        const next = view.onKey?.(action, edit, context);
        if (!next) return false;
        setEdit(next);
        return true;
      }
      default:
        return onOtherKey(action);
    }
  });

  const View = view.Component;
  return (
    <div className="task-workspace">
      <article
        className="task-card"
        aria-label="Task"
        data-task-hash={task.taskHash}
        data-view={task.view}
      >
        <View {...context} edit={edit} onEdit={setEdit} />
        <TaskMeta task={task} />
      </article>
      <div className="answer-bar" role="group" aria-label="Answer">
        <button
          type="button"
          className="answer-button accept"
          onClick={() => submit(AnswerKind.accept)}
        >
          Accept <kbd aria-hidden="true">{view.manual ? 'a / Enter' : 'a'}</kbd>
        </button>
        <button
          type="button"
          className="answer-button reject"
          onClick={() => submit(AnswerKind.reject)}
        >
          Reject <kbd aria-hidden="true">x</kbd>
        </button>
        <button
          type="button"
          className="answer-button ignore"
          onClick={() => submit(AnswerKind.ignore)}
        >
          Ignore <kbd aria-hidden="true">space</kbd>
        </button>
      </div>
    </div>
  );
}
