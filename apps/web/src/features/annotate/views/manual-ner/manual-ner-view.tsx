import { useEffect, useMemo, useRef, useState } from 'react';
import { labelKey } from '../../session/key-map';
import { blankEdit, type TaskEdit, type TaskViewModule, type ViewProps } from '../view-module';
import {
  addSpan,
  moveCursor,
  orderedRange,
  markedSpans,
  removeSpan,
  spanAt,
  spanOfRange,
  type TokenRange,
} from './token-selection';

/**
 * `ner.manual` and `ner.correct`: mark spans over whole tokens — drag or click with the mouse
 * (shift-click extends from the last token clicked), or move with the arrows and grow a selection
 * with shift, then press a label's number. Clicking a marked span removes it.
 */
function ManualNerView({ task, labels, edit, onEdit }: ViewProps) {
  const tokens = useMemo(() => task.tokens ?? [], [task.tokens]);
  const [drag, setDrag] = useState<TokenRange | null>(null);
  const lastClicked = useRef<number | null>(null);
  const label = labels[edit.activeLabel] ?? labels[0] ?? '';

  // A drag ends wherever the mouse is let go, even outside the text.
  useEffect(() => {
    if (!drag) return;
    const finish = () => {
      setDrag(null);
      onEdit({
        ...edit,
        spans: addSpan(edit.spans, spanOfRange(tokens, drag, label)),
        cursor: drag.focus,
        selection: null,
      });
    };
    window.addEventListener('mouseup', finish);
    return () => window.removeEventListener('mouseup', finish);
  }, [drag, edit, tokens, label, onEdit]);

  if (tokens.length === 0) {
    return <p className="annotate-text">{task.text}</p>;
  }

  const startDrag = (i: number, shift: boolean) => {
    const anchor = shift && lastClicked.current !== null ? lastClicked.current : i;
    lastClicked.current = i;
    setDrag({ anchor, focus: i });
  };
  const highlighted = drag ?? edit.selection;
  const [selFirst, selLast] = highlighted ? orderedRange(highlighted) : [-1, -2];

  const pieces: React.ReactNode[] = [];
  for (let i = 0; i < tokens.length;) {
    const span = spanAt(edit.spans, i);
    if (span) {
      const words = task.text.slice(span.start, span.end);
      pieces.push(
        <button
          key={`span-${span.tokenStart}`}
          type="button"
          className="span span-marked"
          data-label={span.label}
          onClick={() => onEdit({ ...edit, spans: removeSpan(edit.spans, span) })}
          aria-label={`${words}, ${span.label}. Remove this span`}
        >
          <span>{words}</span>
          <span className="span-label" aria-hidden="true">
            {span.label}
          </span>
        </button>,
        tokens[span.tokenEnd]!.ws ? ' ' : '',
      );
      i = span.tokenEnd + 1;
      continue;
    }
    const token = tokens[i]!;
    const index = i;
    const classes = ['token'];
    if (index >= selFirst && index <= selLast) classes.push('token-selected');
    if (index === edit.cursor) classes.push('token-cursor');
    pieces.push(
      <span
        key={`token-${index}`}
        className={classes.join(' ')}
        data-token={index}
        onMouseDown={(event) => {
          event.preventDefault();
          startDrag(index, event.shiftKey);
        }}
        onMouseEnter={() => drag && setDrag({ ...drag, focus: index })}
      >
        {token.text}
      </span>,
      token.ws ? ' ' : '',
    );
    i++;
  }

  return (
    <div className="manual-ner-view">
      <div className="label-bar" role="group" aria-label="Label for new spans">
        {labels.map((name, i) => (
          <button
            key={name}
            type="button"
            className={i === edit.activeLabel ? 'label-button active' : 'label-button'}
            aria-pressed={i === edit.activeLabel}
            onClick={() => onEdit({ ...edit, activeLabel: i })}
          >
            {labelKey(i) && (
              <kbd className="key-hint" aria-hidden="true">
                {labelKey(i)}
              </kbd>
            )}
            {name}
          </button>
        ))}
      </div>
      <p className="annotate-text tokens" data-testid="task-text">
        {pieces}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {edit.spans.length} {edit.spans.length === 1 ? 'span' : 'spans'} marked
      </p>
    </div>
  );
}

export const manualNerView: TaskViewModule = {
  Component: ManualNerView,
  manual: true,
  // `ner.correct` arrives with the model's spans, to correct rather than redo.
  initialEdit: ({ task }) => ({
    ...blankEdit(),
    spans: markedSpans(task.tokens ?? [], task.spans ?? []),
  }),
  onKey(action, edit, { task, labels }): TaskEdit | null {
    const tokens = task.tokens ?? [];
    if (action.kind === 'cursor') {
      const cursor = moveCursor(edit.cursor, action.step, tokens.length);
      const selection = action.extend
        ? { anchor: edit.selection?.anchor ?? edit.cursor, focus: cursor }
        : null;
      return { ...edit, cursor, selection };
    }
    if (action.kind === 'label') {
      const label = labels[action.index];
      if (label === undefined) return null;
      if (!edit.selection) return { ...edit, activeLabel: action.index };
      return {
        ...edit,
        activeLabel: action.index,
        spans: addSpan(edit.spans, spanOfRange(tokens, edit.selection, label)),
        selection: null,
      };
    }
    return null;
  },
};
