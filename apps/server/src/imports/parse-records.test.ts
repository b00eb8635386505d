import { ImportFormat } from '@chorus/schema';
import { describe, expect, it } from 'vitest';
import { parseRecords } from './parse-records.js';
import { readLines } from './read-lines.js';

async function records(content: string, format: ImportFormat) {
  const out = [];
  for await (const r of parseRecords(
    readLines(
      (async function* () {
        yield content;
      })(),
    ),
    format,
  ))
    out.push(r);
  return out;
}

describe('parseRecords', () => {
  it('reads CSV with quoted commas, doubled quotes and newlines; label and other columns to meta', async () => {
    const csv = 'id,Text,label\n1,"Hello, ""world""",GREETING\n2,"two\nlines",\n';
    expect(await records(csv, ImportFormat.csv)).toEqual([
      { line: 2, record: { text: 'Hello, "world"', label: 'GREETING', meta: { id: '1' } } },
      { line: 3, record: { text: 'two\nlines', meta: { id: '2' } } },
    ]);
  });

  it('names the line of a CSV row with the wrong number of columns, or a missing text column', async () => {
    await expect(records('text,label\na,b,c\n', ImportFormat.csv)).rejects.toThrow(
      'line 2: expected 2 columns, found 3',
    );
    await expect(records('body,label\n', ImportFormat.csv)).rejects.toThrow(
      'line 1, field "text": the CSV header has no "text" column',
    );
  });

  it('reads plain text one input a line, skipping blank lines', async () => {
    expect(await records('first\n\n  second  \n', ImportFormat.text)).toEqual([
      { line: 1, record: { text: 'first' } },
      { line: 3, record: { text: 'second' } },
    ]);
  });

  it('names the line of invalid JSON and of JSON that is not an object', async () => {
    await expect(records('{"text":"a"}\n{"text":\n', ImportFormat.jsonl)).rejects.toThrow(
      /^line 2: invalid JSON/,
    );
    await expect(records('\n[1,2]\n', ImportFormat.jsonl)).rejects.toThrow(
      'line 2: expected a JSON object',
    );
  });
});
