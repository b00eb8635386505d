import {
  CreateDatasetDocument,
  DatasetAnnotationsDocument,
  DatasetDocument,
  DatasetKind,
  DatasetsDocument,
  DeleteDatasetDocument,
  AnswerKind,
} from '@chorus/schema';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, graphqlData, postImport } from '../testing/api-client.js';
import { runCli, startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { FIXTURES, jsonl, nerTask } from '../testing/fixtures.js';
import { createTestDatabase } from '../testing/test-database.js';
import { AgreementMethod } from './agreement.js';

let chorus: ChorusProcess;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  chorus = await startChorus({ DATABASE_URL: databaseUrl });
});
afterAll(() => chorus?.stop());

describe('datasets over GraphQL', () => {
  it('creates datasets with their labels in the order typed, and pages through them', async () => {
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
        labels: ['SPAM', 'HAM'],
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

  it('counts a textcat dataset by its cats from 0.5, over GraphQL and in `chorus stats`', async () => {
    const file = new URL('sms-spam-sample.jsonl', FIXTURES);
    const rows = (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; cats: Record<string, number> });
    // The import keeps one answer per repeated text.
    const spam = new Set(rows.filter((row) => row.cats.SPAM! >= 0.5).map((row) => row.text)).size;
    expect(spam).toBeGreaterThan(0);
    expect(spam).toBeLessThan(rows.length);

    const imported = await runCli(['db-in', 'sms', file.pathname], { DATABASE_URL: databaseUrl });
    expect(imported.code).toBe(0);
    const { dataset } = await graphqlData(chorus.url, DatasetDocument, { name: 'sms' });
    expect(dataset.counts.byLabel).toEqual([{ label: 'SPAM', count: spam }]);
    const stats = await runCli(['stats', 'sms'], { DATABASE_URL: databaseUrl });
    expect(stats.stdout).toMatch(new RegExp(`By label:\n\\s+SPAM\\s+${spam}\n`));

    const spamPage = await graphqlData(chorus.url, DatasetAnnotationsDocument, {
      name: 'sms',
      label: 'SPAM',
      first: 500,
    });
    expect(spamPage.dataset.annotations.totalCount).toBe(spam);
    expect(
      spamPage.dataset.annotations.edges.every(
        (e) => (e.node.task.cats as Record<string, number>).SPAM! >= 0.5,
      ),
    ).toBe(true);
  });

  it('filters answers by label and by a case-insensitive piece of text, % and _ literally', async () => {
    await postImport(
      chorus.url,
      '/api/datasets/filtered/import',
      jsonl([
        { ...nerTask('Paris is 100% sunny', [['Paris', 'LOC']]), answer: 'accept' },
        { ...nerTask('PARIS_HILTON sued', [['PARIS_HILTON', 'PER']]), answer: 'accept' },
        { ...nerTask('Parisx is 100 sunny', [['Parisx', 'LOC']]), answer: 'reject' },
        { text: 'paris by night', label: 'TRAVEL', answer: 'accept' },
      ]),
    );
    const texts = async (variables: { label?: string; search?: string; answer?: AnswerKind }) => {
      const { dataset } = await graphqlData(chorus.url, DatasetAnnotationsDocument, {
        name: 'filtered',
        ...variables,
      });
      return dataset.annotations.edges.map((e) => e.node.task.text);
    };
    expect(await texts({ label: 'LOC' })).toEqual(['Paris is 100% sunny', 'Parisx is 100 sunny']);
    expect(await texts({ label: 'TRAVEL' })).toEqual(['paris by night']);
    expect(await texts({ search: 'pArIs' })).toHaveLength(4);
    expect(await texts({ search: '100%' })).toEqual(['Paris is 100% sunny']);
    expect(await texts({ search: 's_h' })).toEqual(['PARIS_HILTON sued']);
    expect(await texts({ label: 'LOC', answer: AnswerKind.reject })).toEqual([
      'Parisx is 100 sunny',
    ]);
    // Filters and a cursor sent as null, as clients send them, mean none.
    const { dataset } = await graphqlData(chorus.url, DatasetAnnotationsDocument, {
      name: 'filtered',
      search: 'paris',
      label: null,
      session: null,
      answer: null,
      after: null,
      first: 2,
    });
    expect(dataset.annotations).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
  });

  it('computes agreement between the sessions of a dataset: κ for two, per label', async () => {
    const task = (text: string, label: string) => ({ text, label, _view_id: 'classification' });
    const answers: [string, string, 'accept' | 'reject', string][] = [
      // alice and bob on SPAM: 3 agreements, 1 disagreement; bob changes his mind once.
      ['win a prize now', 'SPAM', 'accept', 'alice'],
      ['win a prize now', 'SPAM', 'reject', 'bob'],
      ['win a prize now', 'SPAM', 'accept', 'bob'],
      ['lunch at noon?', 'SPAM', 'reject', 'alice'],
      ['lunch at noon?', 'SPAM', 'reject', 'bob'],
      ['claim your reward', 'SPAM', 'accept', 'alice'],
      ['claim your reward', 'SPAM', 'reject', 'bob'],
      ['see you later', 'SPAM', 'reject', 'alice'],
      ['see you later', 'SPAM', 'reject', 'bob'],
      // carol alone on URGENT: no item is rated twice.
      ['call me now', 'URGENT', 'accept', 'carol'],
    ];
    await postImport(
      chorus.url,
      '/api/datasets/agreed/import',
      jsonl(
        answers.map(([text, label, answer, session]) => ({
          ...task(text, label),
          answer,
          _session_id: session,
        })),
      ),
    );
    const { dataset } = await graphqlData(chorus.url, DatasetDocument, { name: 'agreed' });
    // alice yes 2/4, bob yes 1/4: p_o = 3/4, p_e = ½·¼ + ½·¾ = ½, κ = (¾ − ½) / ½ = ½.
    expect(dataset.agreement.labels).toEqual([
      { label: 'SPAM', method: AgreementMethod.cohen_kappa, value: 0.5, items: 4, annotators: 2 },
    ]);
    expect(dataset.agreement.overall).toMatchObject({ value: 0.5, items: 4, annotators: 2 });
  });
});
