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

const ANSWER_BUTTONS = [
  { kind: AnswerKind.accept, label: 'Accept', key: 'a' },
  { kind: AnswerKind.reject, label: 'Reject', key: 'x' },
  { kind: AnswerKind.ignore, label: 'Ignore', key: 'space' },
] as const;

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
        {ANSWER_BUTTONS.map(({ kind, label, key }) => (
          <button
            key={kind}
            type="button"
            className={`answer-button ${kind}`}
            onClick={() => submit(kind)}
          >
            {label}{' '}
            <kbd aria-hidden="true">
              {kind === AnswerKind.accept && view.manual ? 'a / Enter' : key}
            </kbd>
          </button>
        ))}
      </div>
    </div>
  );
}
