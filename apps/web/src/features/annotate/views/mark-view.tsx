import { blankEdit, type TaskViewModule, type ViewProps } from './view-module';

/** `mark`: the input as it is, to accept, reject or ignore. */
function MarkView({ task }: ViewProps) {
  return (
    <p className="annotate-text" data-testid="task-text">
      {task.text}
    </p>
  );
}

export const markView: TaskViewModule = {
  Component: MarkView,
  manual: false,
  initialEdit: blankEdit,
};
