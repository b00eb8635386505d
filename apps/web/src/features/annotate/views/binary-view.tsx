import { ViewId } from '@chorus/schema';
import { HighlightedText } from '../../datasets/highlighted-text';
import { blankEdit, type TaskViewModule, type ViewProps } from './view-module';

/**
 * `ner.teach` and `textcat.teach`: one yes/no question. A span question shows the text with the
 * proposed span marked and labelled; a label question shows the label over the text.
 */
function BinaryView({ task }: ViewProps) {
  const spans = (task.spans ?? []).map(({ start, end, label }) => ({ start, end, label }));
  return (
    <div className="binary-view">
      {task.view === ViewId.classification && task.label && (
        <p className="question-label">
          <span className="visually-hidden">Does this label apply: </span>
          <span className="label-chip label-chip-large">{task.label}</span>
        </p>
      )}
      <p className="annotate-text" data-testid="task-text">
        <HighlightedText text={task.text} spans={spans} />
      </p>
    </div>
  );
}

export const binaryView: TaskViewModule = {
  Component: BinaryView,
  manual: false,
  initialEdit: blankEdit,
};
