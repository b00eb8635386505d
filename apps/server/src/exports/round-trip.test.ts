import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ExportFormat, ImportFormat } from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postImport } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { FIXTURES, SHARED_DATA } from '../testing/fixtures.js';
import { createTestDatabase } from '../testing/test-database.js';

let chorus: ChorusProcess;

beforeAll(async () => {
  chorus = await startChorus({ DATABASE_URL: await createTestDatabase() });
});
afterAll(() => chorus?.stop());

/** The committed samples always; the whole shared files too when `../shared` is beside the clone. */
function goldFiles(sample: string, shared: string): URL[] {
  const whole = new URL(shared, SHARED_DATA);
  return [new URL(sample, FIXTURES), ...(existsSync(fileURLToPath(whole)) ? [whole] : [])];
}

interface Gold {
  text: string;
  spans?: { start: number; end: number; label: string }[];
  cats?: Record<string, number>;
}

/** What must survive: per text, its spans (offsets and label) or its cats (1 from 0.5, else 0). */
function truth(records: Gold[]): Map<string, string> {
  const byText = new Map<string, string>();
  for (const { text, spans, cats } of records) {
    const value = spans
      ? spans.map((s) => `${s.start}:${s.end}:${s.label}`).sort()
      : Object.entries(cats ?? {})
          .map(([label, score]) => `${label}=${score >= 0.5 ? 1 : 0}`)
          .sort();
    byText.set(text, value.join(' '));
  }
  return byText;
}

const parseJsonl = (body: string) =>
  body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Gold);

async function exported(dataset: string, format: ExportFormat) {
  const response = await fetch(
    `${chorus.url}/api/datasets/${encodeURIComponent(dataset)}/export?format=${format}`,
  );
  expect(response.status).toBe(200);
  return response.text();
}

async function imported(dataset: string, format: ImportFormat, body: string) {
  const result = await postImport(
    chorus.url,
    `/api/datasets/${dataset}/import?format=${format}`,
    body,
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

const cases = [
  {
    kind: 'ner',
    files: goldFiles('conll2003-dev-gold-sample.jsonl', 'ner/conll2003-dev.jsonl'),
    formats: [ExportFormat.jsonl, ExportFormat['spacy-jsonl'], ExportFormat.conll],
  },
  {
    kind: 'textcat',
    files: goldFiles('sms-spam-sample.jsonl', 'textcat/sms-spam.jsonl'),
    formats: [ExportFormat.jsonl, ExportFormat['spacy-jsonl'], ExportFormat.csv],
  },
];

describe.each(cases)('$kind gold', ({ files, formats }) => {
  describe.each(
    files.map((file) => ({ file, name: file.pathname.split('/').slice(-2).join('/') })),
  )('$name', ({ file }) => {
    it.each(formats)(
      'import → export as %s → import keeps every text, span and label',
      async (format) => {
        const source = parseJsonl(await readFile(file, 'utf8'));
        const first = `first-${format}-${source.length}`;
        const second = `second-${format}-${source.length}`;
        await imported(first, ImportFormat.jsonl, source.map((r) => JSON.stringify(r)).join('\n'));
        // Export formats and import formats share their names.
        await imported(second, format as unknown as ImportFormat, await exported(first, format));
        const back = parseJsonl(await exported(second, ExportFormat['spacy-jsonl']));
        const expected = truth(source);
        const actual = truth(back);
        expect(actual.size).toBe(expected.size);
        for (const [text, labels] of expected) expect(actual.get(text), text).toBe(labels);
        const spans = back.reduce((n, r) => n + (r.spans?.length ?? 0), 0);
        const cats = back.reduce((n, r) => n + Object.keys(r.cats ?? {}).length, 0);
        console.info(`${format}: ${actual.size} texts, ${spans} spans, ${cats} cats kept`);
      },
    );
  });
});

describe('the export endpoint', () => {
  beforeAll(async () => {
    await imported(
      'routes-ner',
      ImportFormat.conll,
      'Anna B-PER\nmet O\nBob B-PER\n\nBob B-PER\nleft O\n',
    );
    await imported('routes-textcat', ImportFormat['spacy-jsonl'], '["=1+1", {"cats": {"A": 1}}]\n');
  });

  it('names each format its file and content type, and keeps the first URL as Prodigy JSONL', async () => {
    const expected = [
      ['routes-ner', ExportFormat.jsonl, 'application/x-ndjson', 'routes-ner.jsonl'],
      ['routes-ner', ExportFormat['spacy-jsonl'], 'application/x-ndjson', 'routes-ner.spacy.jsonl'],
      ['routes-ner', ExportFormat.conll, 'text/plain', 'routes-ner.conll'],
      ['routes-textcat', ExportFormat.csv, 'text/csv', 'routes-textcat.csv'],
    ] as const;
    for (const [dataset, format, type, file] of expected) {
      const response = await fetch(`${chorus.url}/api/datasets/${dataset}/export?format=${format}`);
      expect(response.headers.get('content-type')).toContain(type);
      expect(response.headers.get('content-disposition')).toContain(file);
    }
    const csv = await (
      await fetch(`${chorus.url}/api/datasets/routes-textcat/export?format=csv`)
    ).text();
    expect(csv).toBe("text,cats.A\r\n'=1+1,1\r\n");
    const old = await fetch(`${chorus.url}/api/datasets/routes-ner/export.jsonl`);
    expect(old.headers.get('content-disposition')).toContain('routes-ner.jsonl');
    expect(parseJsonl(await old.text())).toHaveLength(2);
  });

  it('refuses a format the dataset kind cannot hold, or an unknown one, before it starts', async () => {
    const wrongKind = await fetch(`${chorus.url}/api/datasets/routes-textcat/export?format=conll`);
    expect(wrongKind.status).toBe(400);
    expect(await wrongKind.json()).toMatchObject({
      error: { code: 'BAD_USER_INPUT', field: 'format', message: expect.stringContaining('ner') },
    });
    const unknown = await fetch(`${chorus.url}/api/datasets/routes-ner/export?format=docbin`);
    expect(unknown.status).toBe(400);
    const missing = await fetch(`${chorus.url}/api/datasets/nope/export?format=conll`);
    expect(missing.status).toBe(404);
  });

  it('reports a bad CoNLL or spaCy line by its line and field, and imports nothing', async () => {
    const conll = await postImport(
      chorus.url,
      '/api/datasets/bad-conll/import?format=conll',
      'Anna B-PER\n\nBob B-PER\nleft\n',
    );
    expect(conll.body.error).toMatchObject({ line: 4, field: 'tag' });
    const spacy = await postImport(
      chorus.url,
      '/api/datasets/bad-spacy/import?format=spacy-jsonl',
      '{"text": "ab", "entities": [[0, 1, "X"]]}\n',
    );
    expect(spacy.body.error).toMatchObject({ line: 1, field: 'spans[0].end' });
    const none = await fetch(`${chorus.url}/api/datasets/bad-conll/export`);
    expect(none.status).toBe(404);
  });
});
