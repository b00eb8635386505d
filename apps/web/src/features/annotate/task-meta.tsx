import type { AnnotateTask } from './views/view-module';

/** A meta value as one line of text (objects as JSON): always text, never markup. */
function metaText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * The task's meta, in the card's corner as Prodigy shows it (source, document, pattern, …): it
 * tells the annotator where the text comes from.
 */
export function TaskMeta({ task }: { task: AnnotateTask }) {
  const entries = Object.entries(task.meta ?? {}).filter(([key]) => key !== 'pattern');
  if (entries.length === 0) return null;
  return (
    <dl className="task-meta" aria-label="About this input">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{metaText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
