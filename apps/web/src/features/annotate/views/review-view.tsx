import { HighlightedText } from '../../datasets/highlighted-text';
import { labelKey } from '../session/key-map';
import { manualNerView } from './manual-ner/manual-ner-view';
import { markedSpans } from './manual-ner/token-selection';
import type { AnnotateTask, TaskEdit, TaskViewModule, ViewContext, ViewProps } from './view-module';
import { blankEdit } from './view-module';

type Version = NonNullable<AnnotateTask['reviews']>[number];

function pick(task: AnnotateTask, version: Version, edit: TaskEdit): TaskEdit {
  return {
    ...edit,
    spans: markedSpans(task.tokens ?? [], version.spans ?? []),
    accept: [...(version.accept ?? [])],
  };
}

/** Whether the reviewed answers mark spans (manual NER) rather than answer yes/no. */
const marksSpans = (task: AnnotateTask) =>
  (task.tokens?.length ?? 0) > 0 && (task.reviews ?? []).some((v) => v.spans !== null);

/**
 * `review`: what each session answered to one question, side by side, conflicts first (the
 * server sends them first). A number picks a session's version; the reviewer may then edit it
 * and submits with Enter, or answers a yes/no question with accept or reject.
 */
function ReviewView(props: ViewProps) {
  const { task, edit, onEdit } = props;
  const versions = task.reviews ?? [];
  return (
    <div className="review-view">
      <p className={task.conflict ? 'review-status conflict' : 'review-status'}>
        {task.conflict ? 'The annotators disagree' : 'The annotators agree'} ({versions.length}{' '}
        {versions.length === 1 ? 'answer' : 'answers'})
      </p>
      <ol className="review-versions">
        {versions.map((version, i) => (
          <li key={version.session ?? i} className="review-version">
            <div className="review-version-head">
              {labelKey(i) && (
                <kbd className="key-hint" aria-hidden="true">
                  {labelKey(i)}
                </kbd>
              )}
              <span className="session-name">{version.session ?? 'no session'}</span>
              <span className={`answer-chip answer-${version.answer}`}>{version.answer}</span>
              <button type="button" onClick={() => onEdit(pick(task, version, edit))}>
                Use this answer
              </button>
            </div>
            {version.spans && (
              <p className="annotate-text small">
                <HighlightedText
                  text={task.text}
                  spans={version.spans.map(({ start, end, label }) => ({ start, end, label }))}
                />
              </p>
            )}
            {version.accept && (
              <p className="review-accept">
                {version.accept.length > 0 ? version.accept.join(', ') : 'no option'}
              </p>
            )}
          </li>
        ))}
      </ol>
      {marksSpans(task) ? (
        <section aria-label="Your answer">
          <h2 className="view-heading">Your answer</h2>
          <manualNerView.Component {...props} />
        </section>
      ) : (
        <p className="annotate-text" data-testid="task-text">
          {task.text}
        </p>
      )}
    </div>
  );
}

export const reviewView: TaskViewModule = {
  Component: ReviewView,
  manual: true,
  initialEdit(context: ViewContext) {
    const first = context.task.reviews?.[0];
    return first ? pick(context.task, first, blankEdit()) : blankEdit();
  },
  onKey(action, edit, context) {
    if (action.kind === 'label') {
      const version = context.task.reviews?.[action.index];
      return version ? pick(context.task, version, edit) : null;
    }
    return marksSpans(context.task) ? (manualNerView.onKey?.(action, edit, context) ?? null) : null;
  },
};
