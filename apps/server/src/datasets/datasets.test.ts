import {
  CreateDatasetDocument,
  DatasetAnnotationsDocument,
  DatasetDocument,
  DatasetKind,
  DatasetsDocument,
  DeleteDatasetDocument,
  AnswerKind,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, graphqlData, postImport } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { jsonl, nerTask } from '../testing/fixtures.js';
import { createTestDatabase } from '../testing/test-database.js';

let chorus: ChorusProcess;

beforeAll(async () => {
  chorus = await startChorus({ DATABASE_URL: await createTestDatabase() });
});
afterAll(() => chorus?.stop());

describe('datasets over GraphQL', () => {
  it('creates datasets and pages through them with cursors', async () => {
    for (const name of ['a', 'b', 'c']) {
      const { createDataset } = await graphqlData(chorus.url, CreateDatasetDocument, {
        input: {
          name: `paged-${name}`,
          kind: DatasetKind.textcat,
          labels: ['SPAM', 'HAM', 'SPAM'],
        },
      });
      expect(createDataset).toMatchObject({
        name: `paged-${name}`,
        kind: DatasetKind.textcat,
        labels: ['HAM', 'SPAM'],
      });
    }
    const page1 = await graphqlData(chorus.url, DatasetsDocument, { first: 2 });
    expect(page1.datasets.edges.map((e) => e.node.name)).toEqual(['paged-a', 'paged-b']);
    expect(page1.datasets.pageInfo.hasNextPage).toBe(true);
    const page2 = await graphqlData(chorus.url, DatasetsDocument, {
      first: 2,
      after: page1.datasets.pageInfo.endCursor,
    });
    expect(page2.datasets.edges.map((e) => e.node.name)).toEqual(['paged-c']);
    expect(page2.datasets.pageInfo.hasNextPage).toBe(false);
    expect(page2.datasets.totalCount).toBe(3);
  });

  it('refuses a duplicate name, a bad name and a page size over 500 with clear errors', async () => {
    const duplicate = await graphql(chorus.url, CreateDatasetDocument, {
      input: { name: 'paged-a', kind: DatasetKind.ner, labels: [] },
    });
    expect(duplicate.errors?.[0]).toMatchObject({
      message: 'dataset "paged-a" already exists',
      extensions: { code: 'CONFLICT' },
    });
    const badName = await graphql(chorus.url, CreateDatasetDocument, {
      input: { name: 'no spaces', kind: DatasetKind.ner, labels: [] },
    });
    expect(badName.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    const tooMany = await graphql(chorus.url, DatasetsDocument, { first: 501 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('counts answers by answer, label and session', async () => {
    const text = 'Grace Hopper worked at Harvard';
    await postImport(
      chorus.url,
      '/api/datasets/counted/import',
      jsonl([
        { ...nerTask(text, [['Grace Hopper', 'PER']]), answer: 'accept', _session_id: 'alice' },
        { ...nerTask(text, [['Harvard', 'ORG']]), answer: 'accept', _session_id: 'bob' },
        { ...nerTask(text, [['Harvard', 'PER']]), answer: 'reject', _session_id: 'bob' },
      ]),
    );
    const { dataset } = await graphqlData(chorus.url, DatasetDocument, { name: 'counted' });
    expect(dataset.counts).toEqual({
      total: 3,
      byAnswer: [
        { answer: AnswerKind.accept, count: 2 },
        { answer: AnswerKind.reject, count: 1 },
      ],
      byLabel: [
        { label: 'ORG', count: 1 },
        { label: 'PER', count: 2 },
      ],
      bySession: [
        { session: 'alice', count: 1 },
        { session: 'bob', count: 2 },
      ],
    });
    const rejected = await graphqlData(chorus.url, DatasetAnnotationsDocument, {
      name: 'counted',
      answer: AnswerKind.reject,
    });
    expect(rejected.dataset.annotations.edges.map((e) => e.node.task.spans)).toEqual([
      [{ start: 23, end: 30, token_start: 4, token_end: 4, label: 'PER' }],
    ]);
    const page = await graphqlData(chorus.url, DatasetAnnotationsDocument, {
      name: 'counted',
      first: 2,
    });
    const next = await graphqlData(chorus.url, DatasetAnnotationsDocument, {
      name: 'counted',
      first: 2,
      after: page.dataset.annotations.pageInfo.endCursor,
    });
    expect(
      [...page.dataset.annotations.edges, ...next.dataset.annotations.edges].map(
        (e) => e.node.sessionId,
      ),
    ).toEqual(['alice', 'bob', 'bob']);
  });

  it('deletes a dataset only when its name is typed again, and says NOT_FOUND afterwards', async () => {
    const wrong = await graphql(chorus.url, DeleteDatasetDocument, {
      name: 'counted',
      confirmName: 'countd',
    });
    expect(wrong.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'confirmName' },
    });
    const deleted = await graphqlData(chorus.url, DeleteDatasetDocument, {
      name: 'counted',
      confirmName: 'counted',
    });
    expect(deleted.deleteDataset).toBe(3);
    const gone = await graphql(chorus.url, DatasetDocument, { name: 'counted' });
    expect(gone.errors?.[0]).toMatchObject({
      message: 'dataset "counted" does not exist',
      extensions: { code: 'NOT_FOUND' },
    });
  });
});
