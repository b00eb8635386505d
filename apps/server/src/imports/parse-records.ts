import { ImportFormat } from '@chorus/schema';
import { InputError } from '../errors.js';
import { restoreFormula } from '../exports/csv-formula.js';
import { parseConll } from './parse-conll.js';
import { parseSpacyJsonl } from './parse-spacy.js';
import type { Line } from './read-lines.js';

export interface RawRecord {
  line: number;
  record: Record<string, unknown>;
}

/**
 * Turns decoded lines into records: one JSON object a line, one CSV row, one text a line, one
 * CoNLL sentence, or one line of spaCy gold (see `ImportFormat`).
 */
export function parseRecords(
  lines: AsyncIterable<Line>,
  format: ImportFormat,
): AsyncGenerator<RawRecord> {
  switch (format) {
    case ImportFormat.jsonl:
      return parseJsonl(lines);
    case ImportFormat.text:
      return parseText(lines);
    case ImportFormat.csv:
      return parseCsv(lines);
    case ImportFormat['spacy-jsonl']:
      // spaCy's training tuples are JSON arrays; the parser turns them into objects.
      return parseSpacyJsonl(parseJsonl(lines, { arrays: true }));
    case ImportFormat.conll:
      return parseConll(lines);
  }
}

async function* parseJsonl(
  lines: AsyncIterable<Line>,
  { arrays = false } = {},
): AsyncGenerator<RawRecord> {
  for await (const { number, text } of lines) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message})`, { line: number });
    }
    if (value === null || typeof value !== 'object' || (Array.isArray(value) && !arrays)) {
      throw new InputError(arrays ? 'expected a JSON object or array' : 'expected a JSON object', {
        line: number,
      });
    }
    yield { line: number, record: value as Record<string, unknown> };
  }
}

async function* parseText(lines: AsyncIterable<Line>): AsyncGenerator<RawRecord> {
  for await (const { number, text } of lines) {
    const trimmed = text.trim();
    if (trimmed !== '') yield { line: number, record: { text: trimmed } };
  }
}

/**
 * RFC 4180 CSV: a header row naming the columns, one of them `text` (any case). `label` becomes
 * the task label, each `cats.<label>` column a score of `cats` (an empty cell: not answered),
 * every other column goes to `meta`. Quoted fields may hold commas, doubled quotes and newlines.
 * A text that Chorus's CSV export neutralised as a spreadsheet formula gets its `'` back off.
 */
async function* parseCsv(lines: AsyncIterable<Line>): AsyncGenerator<RawRecord> {
  let header: string[] | undefined;
  let textColumn = -1;
  let labelColumn = -1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let startLine = 0;
  for await (const { number, text } of lines) {
    if (!quoted) {
      if (text.trim() === '' && fields.length === 0) continue;
      startLine = number;
    } else {
      field += '\n';
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else field += c;
      } else if (c === '"' && field === '') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else field += c;
    }
    if (quoted) continue;
    fields.push(field);
    const row = fields;
    fields = [];
    field = '';
    if (!header) {
      header = row.map((h) => h.trim());
      textColumn = header.findIndex((h) => h.toLowerCase() === 'text');
      labelColumn = header.findIndex((h) => h.toLowerCase() === 'label');
      if (textColumn < 0)
        throw new InputError('the CSV header has no "text" column', {
          line: number,
          field: 'text',
        });
      continue;
    }
    if (row.length !== header.length) {
      throw new InputError(`expected ${header.length} columns, found ${row.length}`, {
        line: startLine,
      });
    }
    const record: Record<string, unknown> = { text: restoreFormula(row[textColumn]!) };
    if (labelColumn >= 0 && row[labelColumn] !== '') record.label = row[labelColumn];
    const meta: Record<string, string> = {};
    const cats: Record<string, unknown> = {};
    header.forEach((name, column) => {
      if (column === textColumn || column === labelColumn) return;
      const cell = row[column]!;
      if (!name.startsWith(CATS_PREFIX)) meta[name] = cell;
      else if (cell.trim() !== '') cats[name.slice(CATS_PREFIX.length)] = catScore(cell);
    });
    if (Object.keys(meta).length > 0) record.meta = meta;
    if (Object.keys(cats).length > 0) record.cats = cats;
    yield { line: startLine, record };
  }
  if (quoted)
    throw new InputError('unclosed quoted field at the end of the file', { line: startLine });
}

const CATS_PREFIX = 'cats.';

/** A score cell as a number; anything else is left as text for validation to name. */
function catScore(cell: string): number | string {
  const score = Number(cell);
  return Number.isFinite(score) ? score : cell;
}
