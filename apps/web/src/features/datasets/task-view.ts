/**
 * What the dataset views show of a task. `task` is the JSON of a Prodigy-style task (a `JSONObject`
 * on the wire): read defensively, since any importer may have written it.
 */
export interface SpanView {
  start: number;
  end: number;
  label: string;
}

/** One of a text classification's categories with its score; it applies from 0.5. */
export interface CatView {
  label: string;
  score: number;
  applies: boolean;
}

export interface TaskView {
  text: string;
  spans: SpanView[];
  /** Prodigy's `cats`, in their order: `{"SPAM": 0}` says "not SPAM", which is worth showing. */
  cats: CatView[];
  /** Every label the task names: its spans', its `label`, its `cats` from 0.5, its accepted options. */
  labels: string[];
}

/** A piece of the text, highlighted when it is a span. */
export interface TextSegment {
  start: number;
  text: string;
  label?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSpans(value: unknown, textLength: number): SpanView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((span): SpanView[] => {
    if (!isRecord(span)) return [];
    const { start, end, label } = span;
    if (typeof start !== 'number' || typeof end !== 'number' || typeof label !== 'string')
      return [];
    if (start < 0 || end <= start || end > textLength) return [];
    return [{ start, end, label }];
  });
}

export function readTask(task: Record<string, unknown>): TaskView {
  const text = typeof task.text === 'string' ? task.text : '';
  const spans = readSpans(task.spans, text.length);
  const labels = spans.map((span) => span.label);
  if (typeof task.label === 'string') labels.push(task.label);
  // Prodigy's text classification scores: a label applies from 0.5 up.
  const cats = Object.entries(isRecord(task.cats) ? task.cats : {}).flatMap(
    ([label, score]): CatView[] =>
      typeof score === 'number' ? [{ label, score, applies: score >= 0.5 }] : [],
  );
  labels.push(...cats.filter((cat) => cat.applies).map((cat) => cat.label));
  if (Array.isArray(task.accept)) {
    labels.push(...task.accept.filter((option): option is string => typeof option === 'string'));
  }
  return { text, spans, cats, labels: [...new Set(labels)] };
}

/** The text cut at span boundaries, in order; a span overlapping an earlier one is left out. */
export function segmentText(text: string, spans: readonly SpanView[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let cursor = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (span.start < cursor) continue;
    if (span.start > cursor) segments.push({ start: cursor, text: text.slice(cursor, span.start) });
    segments.push({ start: span.start, text: text.slice(span.start, span.end), label: span.label });
    cursor = span.end;
  }
  if (cursor < text.length) segments.push({ start: cursor, text: text.slice(cursor) });
  return segments;
}
