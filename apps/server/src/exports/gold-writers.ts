import type { MergedNerExample, MergedTextcatExample, TokenSpan } from '@chorus/engine';
import { neutraliseFormula } from './csv-formula.js';

/** An accepted span with its character offsets, from the tokens it covers. */
function offsetSpans(example: MergedNerExample) {
  return example.accept
    .map((span) => ({
      start: example.tokens[span.token_start]!.start,
      end: example.tokens[span.token_end]!.end,
      token_start: span.token_start,
      token_end: span.token_end,
      label: span.label,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Spans that can be tags of one token each (IOB, spaCy's `doc.ents`): earliest first, the longer
 * of two starting together, and any span overlapping a kept one dropped.
 */
function withoutOverlaps<T extends TokenSpan>(sorted: T[]): T[] {
  const kept: T[] = [];
  for (const span of sorted) {
    if (kept.length === 0 || span.token_start > kept[kept.length - 1]!.token_end) kept.push(span);
  }
  return kept;
}

/**
 * spaCy-style gold, one JSON object a line: NER as `spans` (Prodigy's, every accepted span) and
 * `entities` (`[start, end, label]`, without overlaps, what spaCy's `Doc.ents` can hold), with the
 * tokens; textcat as `cats` (1 applies, 0 does not; labels nobody answered are absent).
 */
export function spacyJsonlLine(example: MergedNerExample | MergedTextcatExample): string {
  if ('cats' in example) return `${JSON.stringify({ text: example.text, cats: example.cats })}\n`;
  const spans = offsetSpans(example);
  return `${JSON.stringify({
    text: example.text,
    tokens: example.tokens,
    spans,
    entities: withoutOverlaps(spans).map((s) => [s.start, s.end, s.label]),
  })}\n`;
}

/**
 * One sentence of CoNLL/IOB2: a token and its tag a line (`B-`, `I-`, `O`), separated by a space,
 * then a blank line. A token cannot hold whitespace here: any inside one is written as `_`.
 */
export function conllBlock(example: MergedNerExample): string {
  const tags = example.tokens.map(() => 'O');
  for (const span of withoutOverlaps(offsetSpans(example))) {
    for (let i = span.token_start; i <= span.token_end; i++)
      tags[i] = `${i === span.token_start ? 'B' : 'I'}-${span.label}`;
  }
  const lines = example.tokens.map((token, i) => `${token.text.replace(/\s/g, '_')} ${tags[i]}\n`);
  return `${lines.join('')}\n`;
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const CRLF = '\r\n';

/** The CSV header: `text`, then `cats.<label>` for each label (pandas' `json_normalize` names). */
export function csvHeader(labels: readonly string[]): string {
  return ['text', ...labels.map((label) => `cats.${label}`)].map(csvField).join(',') + CRLF;
}

/** One input: its text (formula-neutralised), then 1, 0 or nothing (not answered) per label. */
export function csvRow(example: MergedTextcatExample, labels: readonly string[]): string {
  const cells = labels.map((label) => {
    const value = example.cats[label];
    return value === undefined ? '' : String(value);
  });
  return [csvField(neutraliseFormula(example.text)), ...cells].join(',') + CRLF;
}
