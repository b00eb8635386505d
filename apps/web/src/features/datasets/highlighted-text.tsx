import { segmentText, type SpanView } from './task-view';

/**
 * The text with its spans marked. Each label is text of its own, set apart for screen readers
 * ("London, LOC", not "LondonLOC") and left out of a copy of the text (`user-select: none`).
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
            <span className="span-label">
              <span className="visually-hidden">, </span>
              {segment.label}
              <span className="visually-hidden">,</span>
            </span>
          </mark>
        ),
      )}
    </span>
  );
}
