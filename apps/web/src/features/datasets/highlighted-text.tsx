import { segmentText, type SpanView } from './task-view';

/**
 * The text with its spans marked. The label is drawn by CSS (`mark.span::after`) from
 * `data-label`, so copying the text gives the text itself.
 */
export function HighlightedText({ text, spans }: { text: string; spans: readonly SpanView[] }) {
  return (
    <span className="task-text">
      {segmentText(text, spans).map((segment) =>
        segment.label === undefined ? (
          <span key={segment.start}>{segment.text}</span>
        ) : (
          <mark key={segment.start} className="span" data-label={segment.label}>
            {segment.text}
          </mark>
        ),
      )}
    </span>
  );
}
