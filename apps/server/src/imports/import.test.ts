import { readFile } from 'node:fs/promises';
import { canonicalJson } from '@chorus/engine';
import { ImportProgressDocument } from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postImport, subscribe } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { FIXTURES, jsonl, nerTask } from '../testing/fixtures.js';
import { createTestDatabase, sql } from '../testing/test-database.js';

let chorus: ChorusProcess;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  chorus = await startChorus({ DATABASE_URL: databaseUrl });
});
afterAll(() => chorus?.stop());

async function rowCounts() {
  const [row] = await sql<{ inputs: number; answers: number; sources: number; datasets: number }>(
    databaseUrl,
    `select (select count(*) from input)::int as inputs, (select count(*) from annotation)::int as answers,
            (select count(*) from source)::int as sources, (select count(*) from dataset)::int as datasets`,
  );
  return row!;
}

describe('importing sources', () => {
  it('imports JSONL, CSV and plain text, counting and skipping duplicate inputs', async () => {
    const lines = jsonl([
      { text: 'one', meta: { i: 1 } },
      { text: 'two' },
      { text: 'one', meta: { i: 3 } },
    ]);
    const first = await postImport(chorus.url, '/api/sources/mixed/import', lines);
    expect(first.body).toMatchObject({ lines: 3, inserted: 2, duplicates: 1 });

    const csv = await postImport(
      chorus.url,
      '/api/sources/mixed/import?format=csv',
      'text,author\nthree,ann\n"two",bob\n',
    );
    expect(csv.body).toMatchObject({ inserted: 1, duplicates: 1 });

    const text = await postImport(
      chorus.url,
      '/api/sources/mixed/import?format=text',
      'four\n\nfive\none\n',
    );
    expect(text.body).toMatchObject({ lines: 4, inserted: 2, duplicates: 1 });

    const rows = await sql<{ text: string; position: number; data: unknown }>(
      databaseUrl,
      `select i.text, i.position, i.data from input i join source s on s.id = i.source_id where s.name = 'mixed' order by i.position`,
    );
    expect(rows.map((r) => r.text)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(rows[0]!.data).toEqual({ meta: { i: 1 } });
    expect(rows[2]!.data).toEqual({ meta: { author: 'ann' } });
  });

  it('imports the same file twice without adding anything', async () => {
    const body = jsonl([{ text: 'alpha' }, { text: 'beta' }]);
    await postImport(chorus.url, '/api/sources/twice/import', body);
    const again = await postImport(chorus.url, '/api/sources/twice/import', body);
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 2 });
  });
});

describe('a bad line aborts the whole import and leaves the database as it was', () => {
  const good = Array.from({ length: 2500 }, (_, i) =>
    JSON.stringify(nerTask(`Sentence ${i} about Paris`, [['Paris', 'LOC']])),
  );
  const cases: [string, string | Uint8Array, number, string, string | undefined][] = [
    ['invalid JSON', [...good, '{"text": "broken'].join('\n'), 2501, 'invalid JSON', undefined],
    ['a missing text', [...good, '{"meta": {}}'].join('\n'), 2501, 'missing', 'text'],
    [
      'a span outside the text',
      [...good, JSON.stringify({ text: 'short', spans: [{ start: 0, end: 50, label: 'X' }] })].join(
        '\n',
      ),
      2501,
      'outside the text',
      'spans[0].end',
    ],
    [
      'a span off token boundaries',
      [
        ...good,
        JSON.stringify({ text: 'Paris is nice', spans: [{ start: 0, end: 3, label: 'LOC' }] }),
      ].join('\n'),
      2501,
      'not on a token boundary',
      'spans[0].end',
    ],
    [
      'an unknown answer',
      [...good, JSON.stringify({ text: 'x', answer: 'perhaps' })].join('\n'),
      2501,
      'unknown answer',
      'answer',
    ],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from(good.join('\n') + '\n{"text": "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}\n'),
      ]),
      2501,
      'invalid UTF-8',
      undefined,
    ],
  ];

  it.each(cases)(
    '%s: error names the line and field, nothing is written',
    async (_name, body, line, message, field) => {
      const before = await rowCounts();
      for (const target of ['sources', 'datasets']) {
        const { status, body: answer } = await postImport(
          chorus.url,
          `/api/${target}/bad-${target}/import`,
          body,
        );
        expect(status).toBe(400);
        expect(answer.error?.code).toBe('BAD_USER_INPUT');
        expect(answer.error?.line).toBe(line);
        expect(answer.error?.field).toBe(field);
        expect(answer.error?.message).toContain(`line ${line}`);
        expect(answer.error?.message).toContain(message);
      }
      expect(await rowCounts()).toEqual(before);
    },
  );
});

describe('importing datasets', () => {
  it('creates the dataset with the kind and labels its records show, keeping answers and sessions', async () => {
    const records = [
      {
        ...nerTask('Ada Lovelace met Babbage in London', [
          ['Ada Lovelace', 'PER'],
          ['London', 'LOC'],
        ]),
        answer: 'accept',
        _session_id: 'people-alice',
      },
      {
        ...nerTask('Ada Lovelace met Babbage in London', [['Babbage', 'ORG']]),
        answer: 'reject',
        _session_id: 'people-bob',
      },
      { text: 'Buy cheap pills', label: 'SPAM', answer: 'ignore' },
    ];
    const { body } = await postImport(chorus.url, '/api/datasets/people/import', jsonl(records));
    expect(body).toMatchObject({ inserted: 3, duplicates: 0 });
    const [dataset] = await sql<{ kind: string; labels: string[] }>(
      databaseUrl,
      `select kind, labels from dataset where name = 'people'`,
    );
    expect(dataset).toEqual({ kind: 'ner', labels: ['LOC', 'ORG', 'PER', 'SPAM'] });
    const answers = await sql<{ answer: string; session_id: string | null }>(
      databaseUrl,
      `select answer, session_id from annotation a join dataset d on d.id = a.dataset_id where d.name = 'people' order by a.id`,
    );
    expect(answers).toEqual([
      { answer: 'accept', session_id: 'people-alice' },
      { answer: 'reject', session_id: 'people-bob' },
      { answer: 'ignore', session_id: null },
    ]);
  });

  it('skips exact repeats, in the file and against the dataset, keeping first lines in order', async () => {
    const paris = nerTask('Paris is lovely', [['Paris', 'LOC']]);
    const records = [
      { ...paris, answer: 'accept', _session_id: 'repeats-ann' },
      { ...paris, answer: 'accept', _session_id: 'repeats-bob' },
      { ...paris, answer: 'reject', _session_id: 'repeats-ann' },
      { ...paris, answer: 'accept', _session_id: 'repeats-ann', meta: { note: 'other content' } },
      { ...paris, answer: 'accept', _session_id: 'repeats-ann' },
      { text: 'No session', label: 'X', answer: 'accept' },
      { text: 'No session', label: 'X', answer: 'accept' },
    ];
    // A new dataset takes the rows straight in and removes the repeats afterwards…
    const first = await postImport(chorus.url, '/api/datasets/repeats/import', jsonl(records));
    expect(first.body).toMatchObject({ lines: 7, inserted: 5, duplicates: 2 });
    const stored = await sql<{
      session_id: string | null;
      answer: string;
      task: { meta?: object };
    }>(
      databaseUrl,
      `select session_id, answer, task from annotation a join dataset d on d.id = a.dataset_id
       where d.name = 'repeats' order by a.id`,
    );
    expect(stored.map((r) => [r.session_id, r.answer, r.task.meta ?? null])).toEqual([
      ['repeats-ann', 'accept', null],
      ['repeats-bob', 'accept', null],
      ['repeats-ann', 'reject', null],
      ['repeats-ann', 'accept', { note: 'other content' }],
      [null, 'accept', null],
    ]);
    // …an existing one compares with what it holds.
    const again = await postImport(
      chorus.url,
      '/api/datasets/repeats/import',
      jsonl([...records, { text: 'New line', label: 'X', answer: 'reject' }]),
    );
    expect(again.body).toMatchObject({ lines: 8, inserted: 1, duplicates: 7 });
  });

  it('reports progress over the importProgress subscription while it runs', async () => {
    const importId = 'progress-test';
    const subscription = subscribe(
      chorus.url,
      ImportProgressDocument,
      { importId },
      (e) => e.importProgress.done,
    );
    await subscription.ready;
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ text: `progress line ${i}` }),
    );
    // A slow body keeps the import running long enough to report progress more than once.
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let i = 0; i < lines.length; i += 5000) {
          controller.enqueue(new TextEncoder().encode(lines.slice(i, i + 5000).join('\n') + '\n'));
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        controller.close();
      },
    });
    const response = await fetch(`${chorus.url}/api/sources/progress/import?importId=${importId}`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    const events = (await subscription.done).map((e) => e.importProgress);
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)).toMatchObject({
      done: true,
      inserted: 20_000,
      linesRead: 20_000,
      error: null,
    });
    const read = events.map((e) => e.linesRead);
    expect([...read].sort((a, b) => a - b)).toEqual(read);
  });

  it('round-trips a CoNLL-2003 dev sample: import, export, import elsewhere, export again loses nothing', async () => {
    const file = await readFile(new URL('conll2003-dev-gold-sample.jsonl', FIXTURES));
    const first = await postImport(chorus.url, '/api/datasets/conll-a/import', file);
    expect(first.status).toBe(200);
    const exportA = await (await fetch(`${chorus.url}/api/datasets/conll-a/export.jsonl`)).text();
    const second = await postImport(chorus.url, '/api/datasets/conll-b/import', exportA);
    expect(second.body).toMatchObject({ inserted: first.body.inserted, duplicates: 0 });
    const exportB = await (await fetch(`${chorus.url}/api/datasets/conll-b/export.jsonl`)).text();
    expect(exportB).toBe(exportA);

    // Every original line is in the export with all its fields, spans and tokens unchanged.
    const original = file
      .toString()
      .trim()
      .split('\n')
      .map((l) => canonicalJson(JSON.parse(l)));
    const exported = exportA
      .trim()
      .split('\n')
      .map((l) => {
        // Gold records (spans, no answer) come back marked as complete manual annotations.
        const { answer, _input_hash, _task_hash, _timestamp, _view_id, ...task } = JSON.parse(
          l,
        ) as Record<string, unknown>;
        expect(answer).toBe('accept');
        expect(_view_id).toBe('ner_manual');
        expect([_input_hash, _task_hash, _timestamp].every(Number.isSafeInteger)).toBe(true);
        return canonicalJson(task);
      });
    // The file repeats a few lines exactly (same text, spans and meta): those are the duplicates.
    const unique = [...new Set(original)];
    expect(first.body).toMatchObject({
      lines: original.length,
      duplicates: original.length - unique.length,
    });
    expect(exported.sort()).toEqual(unique.sort());
  });

  it('gives its database connection back when the client drops a download half-way', async () => {
    const openExports = async () =>
      (
        await sql<{ n: number }>(
          databaseUrl,
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and query like 'fetch %'`,
        )
      )[0]!.n;
    // 24 MB, more than loopback's socket buffers on both sides hold: the server is mid-export
    // when the first chunk arrives, holding its cursor until the client reads on or goes away.
    const long = 'a long sentence '.repeat(5000);
    const tasks = Array.from({ length: 300 }, (_, i) => ({ text: `${i} ${long}`, label: 'X' }));
    expect((await postImport(chorus.url, '/api/datasets/long/import', jsonl(tasks))).status).toBe(
      200,
    );
    const abort = new AbortController();
    const response = await fetch(`${chorus.url}/api/datasets/long/export.jsonl`, {
      signal: abort.signal,
    });
    await response.body!.getReader().read();
    expect(await openExports()).toBe(1);
    abort.abort();
    await expect.poll(openExports, { timeout: 5000 }).toBe(0);
  });

  it('filters exports by answer and session, and answers 404 for an unknown dataset', async () => {
    const accepted = await (
      await fetch(`${chorus.url}/api/datasets/people/export.jsonl?answer=accept`)
    ).text();
    expect(
      accepted
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).answer),
    ).toEqual(['accept']);
    const bob = await (
      await fetch(`${chorus.url}/api/datasets/people/export.jsonl?session=people-bob`)
    ).text();
    expect(
      bob
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)._session_id),
    ).toEqual(['people-bob']);
    const missing = await fetch(`${chorus.url}/api/datasets/nope/export.jsonl`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'dataset "nope" does not exist' },
    });
  });
});
