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

  it('reads CoNLL sentences: IOB2 and IOB1 tags, four columns, -DOCSTART- skipped', async () => {
    const conll = [
      '-DOCSTART- -X- -X- O',
      '',
      'EU NNP B-NP B-ORG',
      'rejects VBZ B-VP O',
      'German JJ B-NP B-MISC',
      'call NN I-NP O',
      '',
      '',
      'Peter I-PER',
      'Blackburn I-PER',
      'Smith B-PER',
    ].join('\n');
    const [first, second] = await records(conll, ImportFormat.conll);
    expect(first).toMatchObject({
      line: 3,
      record: {
        text: 'EU rejects German call',
        spans: [
          { start: 0, end: 2, token_start: 0, token_end: 0, label: 'ORG' },
          { start: 11, end: 17, token_start: 2, token_end: 2, label: 'MISC' },
        ],
      },
    });
    // I- continuing the same label extends the entity; B- after it starts another.
    expect(second!.record.spans).toEqual([
      { start: 0, end: 15, token_start: 0, token_end: 1, label: 'PER' },
      { start: 16, end: 21, token_start: 2, token_end: 2, label: 'PER' },
    ]);
    expect((second!.record.tokens as { ws: boolean }[]).map((t) => t.ws)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('names the line and field of a CoNLL line without a tag or with a bad tag', async () => {
    await expect(records('EU B-ORG\nrejects\n', ImportFormat.conll)).rejects.toThrow(
      'line 2, field "tag": expected a token and its tag',
    );
    await expect(records('EU B-ORG\n\nx X-ORG\n', ImportFormat.conll)).rejects.toThrow(
      'line 3, field "tag": "X-ORG" is not an IOB tag',
    );
  });

  it("reads spaCy gold: entities as spans, training tuples, and Prodigy's spans first", async () => {
    const lines = [
      '{"text": "Uber blew", "entities": [[0, 4, "ORG"]]}',
      '["Uber blew", {"entities": [{"start": 5, "end": 9, "label": "V"}]}]',
      '["Fine", {"cats": {"POSITIVE": 1.0}}]',
      '{"text": "a b", "spans": [{"start": 0, "end": 1, "label": "X"}], "entities": [[2, 3, "Y"]]}',
    ].join('\n');
    expect((await records(lines, ImportFormat['spacy-jsonl'])).map((r) => r.record)).toEqual([
      { text: 'Uber blew', spans: [{ start: 0, end: 4, label: 'ORG' }] },
      { text: 'Uber blew', spans: [{ start: 5, end: 9, label: 'V' }] },
      { text: 'Fine', cats: { POSITIVE: 1 } },
      { text: 'a b', spans: [{ start: 0, end: 1, label: 'X' }] },
    ]);
    await expect(
      records('{"text": "a", "entities": [[0, 1]]}\n', ImportFormat['spacy-jsonl']),
    ).rejects.toThrow('line 1, field "entities[0]": expected [start, end, label]');
    await expect(records('"just text"\n', ImportFormat['spacy-jsonl'])).rejects.toThrow(
      'line 1: expected a JSON object or array',
    );
  });

  it("reads cats.<label> columns as cats and takes a neutralised formula's quote off", async () => {
    const csv = "text,cats.SPAM,cats.HAM\n'=1+1,1,\n'-5 degrees,0,1\n'hello,,\n";
    expect((await records(csv, ImportFormat.csv)).map((r) => r.record)).toEqual([
      { text: '=1+1', cats: { SPAM: 1 } },
      { text: '-5 degrees', cats: { SPAM: 0, HAM: 1 } },
      { text: "'hello" },
    ]);
  });
});
