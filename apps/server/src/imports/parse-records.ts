import { ImportFormat } from '@chorus/schema';
import { InputError } from '../errors.js';
import type { Line } from './read-lines.js';

export interface RawRecord {
  line: number;
  record: Record<string, unknown>;
}

/** Turns decoded lines into records: one JSON object a line, one CSV row, or one text a line. */
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
  }
}

async function* parseJsonl(lines: AsyncIterable<Line>): AsyncGenerator<RawRecord> {
  for await (const { number, text } of lines) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message})`, { line: number });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError('expected a JSON object', { line: number });
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
 * the task label, every other column goes to `meta`. Quoted fields may hold commas, doubled
 * quotes and newlines.
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
    const record: Record<string, unknown> = { text: row[textColumn] };
    if (labelColumn >= 0 && row[labelColumn] !== '') record.label = row[labelColumn];
    const meta: Record<string, string> = {};
    header.forEach((name, column) => {
      if (column !== textColumn && column !== labelColumn) meta[name] = row[column]!;
    });
    if (Object.keys(meta).length > 0) record.meta = meta;
    yield { line: startLine, record };
  }
  if (quoted)
    throw new InputError('unclosed quoted field at the end of the file', { line: startLine });
}
