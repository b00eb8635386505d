import {
  AnswerKind,
  CreateDatasetDocument,
  CreateStreamDocument,
  DatasetKind,
  Recipe,
  ViewId,
  type TaskFieldsFragment,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData, postImport } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { jsonl } from '../testing/fixtures.js';
import { streamClient } from '../testing/stream-client.js';
import { createTestDatabase } from '../testing/test-database.js';

let chorus: ChorusProcess;
const { newStream, next } = streamClient(() => chorus.url);

const ADA = 'Ada Lovelace met Charles Babbage in London .';

beforeAll(async () => {
  chorus = await startChorus({ DATABASE_URL: await createTestDatabase() });
  await postImport(
    chorus.url,
    '/api/sources/people/import',
    jsonl([
      { text: ADA, meta: { source: 'wiki' } },
      { text: 'Grace Hopper worked for the Navy .' },
    ]),
  );
});
afterAll(() => chorus?.stop());

/** The typed fields must say what the Prodigy record says: clients read only them. */
function expectTypedLikeRecord(task: TaskFieldsFragment) {
  const record = task.task as Record<string, unknown> & {
    spans?: { start: number; end: number; label: string; token_start?: number }[];
  };
  expect(task.text).toBe(record.text);
  expect(task.label).toBe(record.label ?? null);
  expect(task.spans?.map((s) => [s.start, s.end, s.label, s.tokenStart])).toEqual(
    record.spans?.map((s) => [s.start, s.end, s.label, s.token_start]),
  );
}

describe('typed tasks', () => {
  it('ner_teach: one proposed span with token indices, the tokens, and the input meta', async () => {
    await newStream('teach', DatasetKind.ner, Recipe.ner_teach, 'people', ['LOC'], {
      patterns: '{"label": "LOC", "pattern": "London"}',
    });
    const [task] = await next('teach', 'alice', 1);
    expect(task).toMatchObject({
      view: ViewId.ner,
      text: ADA,
      label: null,
      options: null,
      reviews: null,
      conflict: null,
      spans: [{ start: 36, end: 42, label: 'LOC', tokenStart: 6, tokenEnd: 6 }],
      meta: { source: 'wiki', pattern: task!.pattern },
    });
    expect(task!.tokens?.map((t) => t.text).join(' ')).toBe(ADA);
    expect(task!.tokens?.[1]).toEqual({ text: 'Lovelace', start: 4, end: 12, id: 1, ws: true });
    expectTypedLikeRecord(task!);
  });

  it('ner_manual asks with no spans, ner_correct with the model’s, both in the manual view', async () => {
    await newStream('manual', DatasetKind.ner, Recipe.ner_manual, 'people', ['PER']);
    await newStream('correct', DatasetKind.ner, Recipe.ner_correct, 'people', ['PER']);
    for (const task of await next('manual', 'alice')) {
      expect(task).toMatchObject({ view: ViewId.ner_manual, spans: [], label: null });
      expect(task.tokens?.length).toBeGreaterThan(3);
    }
    const corrected = await next('correct', 'alice');
    expect(corrected).toHaveLength(2);
    for (const task of corrected) {
      expect(task.view).toBe(ViewId.ner_manual);
      expect(Array.isArray(task.spans)).toBe(true);
      expectTypedLikeRecord(task);
    }
  });

  it('textcat_teach asks about one label, textcat_manual offers every label as a choice', async () => {
    await newStream('cats', DatasetKind.textcat, Recipe.textcat_teach, 'people', ['HISTORY']);
    const [teach] = await next('cats', 'alice', 1);
    expect(teach).toMatchObject({
      view: ViewId.classification,
      label: 'HISTORY',
      spans: null,
      options: null,
      accept: null,
    });
    await newStream('choices', DatasetKind.textcat, Recipe.textcat_manual, 'people', ['A', 'B']);
    const [choice] = await next('choices', 'alice', 1);
    expect(choice).toMatchObject({
      view: ViewId.choice,
      label: null,
      options: [
        { id: 'A', text: 'A' },
        { id: 'B', text: 'B' },
      ],
      accept: [],
    });
  });

  it('mark shows the bare text, or asks about the stream’s one label', async () => {
    await newStream('plain', DatasetKind.textcat, Recipe.mark, 'people', []);
    const plain = await next('plain', 'alice');
    expect(plain.map((t) => [t.view, t.text, t.label])).toEqual([
      [ViewId.text, ADA, null],
      [ViewId.text, 'Grace Hopper worked for the Navy .', null],
    ]);
    await newStream('labelled', DatasetKind.textcat, Recipe.mark, 'people', ['FAMOUS']);
    const labelled = await next('labelled', 'alice');
    expect(labelled.map((t) => [t.view, t.label])).toEqual([
      [ViewId.classification, 'FAMOUS'],
      [ViewId.classification, 'FAMOUS'],
    ]);
  });

  it('review: each session’s latest answer, spans and all, and whether they conflict', async () => {
    const question = { text: ADA, _view_id: 'ner_manual' };
    const ada = { start: 0, end: 12, label: 'PER' };
    const babbage = { start: 17, end: 32, label: 'PER' };
    await postImport(
      chorus.url,
      '/api/datasets/votes/import?kind=ner',
      jsonl([
        { ...question, spans: [ada], answer: 'accept', _session_id: 'alice' },
        { ...question, spans: [ada, babbage], answer: 'accept', _session_id: 'bob' },
      ]),
    );
    await graphqlData(chorus.url, CreateDatasetDocument, {
      input: { name: 'votes-reviewed', kind: DatasetKind.ner, labels: [] },
    });
    await graphqlData(chorus.url, CreateStreamDocument, {
      input: {
        name: 'votes-review',
        dataset: 'votes-reviewed',
        reviewOf: 'votes',
        recipe: Recipe.review,
        labels: [],
      },
    });
    const [task] = await next('votes-review', 'judge');
    expect(task).toMatchObject({ view: ViewId.review, text: ADA, conflict: true, meta: null });
    expect(task!.reviews).toEqual([
      {
        session: 'alice',
        answer: AnswerKind.accept,
        accept: null,
        spans: [{ ...ada, tokenStart: 0, tokenEnd: 1 }],
      },
      {
        session: 'bob',
        answer: AnswerKind.accept,
        accept: null,
        spans: [
          { ...ada, tokenStart: 0, tokenEnd: 1 },
          { ...babbage, tokenStart: 3, tokenEnd: 4 },
        ],
      },
    ]);
  });
});
