import {
  AnswerBatchDocument,
  AnswerKind,
  CreateStreamDocument,
  DatasetAnnotationsDocument,
  DatasetDocument,
  DatasetKind,
  DatasetsDocument,
  Recipe,
  SessionProgressDocument,
  SetStreamModelDocument,
  StreamDocument,
  StreamEventsDocument,
  StreamsDocument,
  UndoDocument,
  type AnswerInput,
  type TaskFieldsFragment,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, graphqlData, postImport, subscribe } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { jsonl } from '../testing/fixtures.js';
import { streamClient } from '../testing/stream-client.js';
import { createTestDatabase, sql } from '../testing/test-database.js';

let chorus: ChorusProcess;
let databaseUrl: string;
const { newStream, next, answer } = streamClient(() => chorus.url);

const texts = Array.from({ length: 60 }, (_, i) => `${i % 2 ? 'cheap pills' : 'team lunch'} ${i}`);

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  chorus = await startChorus({ DATABASE_URL: databaseUrl });
  await postImport(chorus.url, '/api/sources/mails/import', jsonl(texts.map((text) => ({ text }))));
});
afterAll(() => chorus?.stop());

const state = async (name: string) =>
  (await graphqlData(chorus.url, StreamDocument, { name })).stream.state;

const rowsOf = (dataset: string) =>
  sql<{ task_hash: string; idempotency_key: string }>(
    databaseUrl,
    `select task_hash, idempotency_key from annotation a join dataset d on d.id = a.dataset_id
     where d.name = $1 order by a.id`,
    [dataset],
  );

function inputsFor(stream: string, tasks: TaskFieldsFragment[], prefix: string): AnswerInput[] {
  return tasks.map((task, n) => ({
    stream,
    session: 'alice',
    taskHash: task.taskHash,
    task: task.task,
    answer: n % 2 ? AnswerKind.accept : AnswerKind.reject,
    idempotencyKey: `${prefix}${n}`,
  }));
}

describe('answerBatch', () => {
  it('stores a batch in order, learns each answer once, and a resend changes nothing', async () => {
    await newStream('batch', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM']);
    const tasks = await next('batch', 'alice', 20);
    expect(tasks).toHaveLength(20);
    const inputs = inputsFor('batch', tasks, 'b');
    const first = (await graphqlData(chorus.url, AnswerBatchDocument, { inputs })).answerBatch;
    expect(first.map((r) => r.duplicate)).toEqual(Array(20).fill(false));
    const ids = first.map((r) => Number(r.annotationId));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const rows = await rowsOf('batch');
    expect(rows.map((r) => [Number(r.task_hash), r.idempotency_key])).toEqual(
      inputs.map((i) => [i.taskHash, i.idempotencyKey]),
    );
    expect(await state('batch')).toMatchObject({ answers: 20, answered: 20 });

    const again = (await graphqlData(chorus.url, AnswerBatchDocument, { inputs })).answerBatch;
    expect(again.map((r) => [r.duplicate, Number(r.annotationId)])).toEqual(
      ids.map((id) => [true, id]),
    );
    expect(await rowsOf('batch')).toHaveLength(20);
    expect(await state('batch')).toMatchObject({ answers: 20, answered: 20 });
  });

  it('answers a key repeated inside a batch as a duplicate', async () => {
    const [task] = await next('batch', 'alice', 1);
    const [input] = inputsFor('batch', [task!], 'twice');
    const results = (
      await graphqlData(chorus.url, AnswerBatchDocument, { inputs: [input!, input!] })
    ).answerBatch;
    expect(results.map((r) => r.duplicate)).toEqual([false, true]);
    expect(results[1]!.annotationId).toBe(results[0]!.annotationId);
    expect(await rowsOf('batch')).toHaveLength(21);
  });

  it('refuses a batch with a bad answer, naming it, and writes none of the others', async () => {
    const tasks = await next('batch', 'alice', 5);
    const inputs = inputsFor('batch', tasks, 'bad');
    inputs[3] = { ...inputs[3]!, taskHash: inputs[3]!.taskHash + 1, task: tasks[3]!.task };
    const response = await graphql(chorus.url, AnswerBatchDocument, { inputs });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'inputs[3].taskHash',
    });
    expect(await rowsOf('batch')).toHaveLength(21);
  });
});

describe('session progress', () => {
  it('counts a session’s answers, lists the latest first, leaves out undone ones, and clamps last', async () => {
    await newStream('progress', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM'], {
      target: 30,
    });
    const tasks = await next('progress', 'alice', 4);
    for (const task of tasks) await answer('progress', 'alice', task, AnswerKind.accept);
    await answer('progress', 'bob', (await next('progress', 'bob', 1))[0]!, AnswerKind.reject);
    await graphqlData(chorus.url, UndoDocument, { stream: 'progress', session: 'alice' });
    const progress = (last?: number) =>
      graphqlData(chorus.url, SessionProgressDocument, {
        stream: 'progress',
        session: 'alice',
        last,
      }).then((d) => d.stream);
    const alice = await progress();
    expect(alice).toMatchObject({ target: 30, sessionAnswered: 3 });
    expect(alice.recentAnswers.map((a) => a.taskHash)).toEqual(
      tasks
        .slice(0, 3)
        .map((t) => t.taskHash)
        .reverse(),
    );
    expect((await progress(0)).recentAnswers).toHaveLength(1);
    expect((await progress(1000)).recentAnswers).toHaveLength(3);
  });

  it('refuses a target below 1', async () => {
    const response = await graphql(chorus.url, CreateStreamDocument, {
      input: {
        name: 'no-target',
        dataset: 'progress',
        source: 'mails',
        recipe: Recipe.textcat_teach,
        labels: ['SPAM'],
        target: 0,
      },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lowers remaining as answers come in', async () => {
    await newStream('remaining', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM']);
    const tasks = await next('remaining', 'alice', 3);
    const before = (await state('remaining')).remaining;
    expect(before).toBe(texts.length);
    for (const task of tasks) await answer('remaining', 'alice', task, AnswerKind.accept);
    expect((await state('remaining')).remaining).toBe(before - 3);
  });
});

describe('defects', () => {
  it('creates a missing dataset of the recipe’s kind with the stream’s labels, and adds labels an existing one lacks', async () => {
    await graphqlData(chorus.url, CreateStreamDocument, {
      input: {
        name: 'fresh',
        dataset: 'fresh-data',
        source: 'mails',
        recipe: Recipe.ner_manual,
        labels: ['PER', 'ORG'],
      },
    });
    const fresh = (await graphqlData(chorus.url, DatasetDocument, { name: 'fresh-data' })).dataset;
    expect(fresh).toMatchObject({ kind: DatasetKind.ner, labels: ['ORG', 'PER'] });
    await graphqlData(chorus.url, CreateStreamDocument, {
      input: {
        name: 'fresh-more',
        dataset: 'fresh-data',
        source: 'mails',
        recipe: Recipe.ner_teach,
        labels: ['LOC'],
      },
    });
    const grown = (await graphqlData(chorus.url, DatasetDocument, { name: 'fresh-data' })).dataset;
    expect([...grown.labels].sort()).toEqual(['LOC', 'ORG', 'PER']);
  });

  it('takes after: null as the first page of every connection', async () => {
    const datasets = await graphql(chorus.url, DatasetsDocument, { first: 2, after: null });
    expect(datasets.errors).toBeUndefined();
    expect(datasets.data?.datasets.edges.length).toBeGreaterThan(0);
    const streams = await graphql(chorus.url, StreamsDocument, { first: 2, after: null });
    expect(streams.errors).toBeUndefined();
    expect(streams.data?.streams.edges.length).toBe(2);
    const annotations = await graphql(chorus.url, DatasetAnnotationsDocument, {
      name: 'batch',
      first: 5,
      after: null,
    });
    expect(annotations.errors).toBeUndefined();
    expect(annotations.data?.dataset.annotations.edges).toHaveLength(5);
  });

  it('switching model: model_switched with the version, answers agree with what the version learnt, versions report what they learnt', async () => {
    // A snapshot of "batch" (21 answers learnt), taken at shutdown; then a fresh stream switches to it.
    await chorus.stop();
    chorus = await startChorus({ DATABASE_URL: databaseUrl });
    const [version] = await sql<{ id: number; answers_seen: number }>(
      databaseUrl,
      `select m.id, m.answers_seen from model_version m join stream s on s.id = m.stream_id
       where s.name = 'batch' order by m.id desc limit 1`,
    );
    expect(version!.answers_seen).toBe(21);
    await newStream('switched', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM']);
    const events = subscribe(
      chorus.url,
      StreamEventsDocument,
      { stream: 'switched' },
      (e) => e.streamEvents.type === 'model_switched',
    );
    await events.ready;
    await graphqlData(chorus.url, SetStreamModelDocument, {
      stream: 'switched',
      version: String(version!.id),
    });
    const [switched] = (await events.done).filter((e) => e.streamEvents.type === 'model_switched');
    expect(switched!.streamEvents).toMatchObject({ modelVersion: version!.id, answers: 21 });
    expect(await state('switched')).toMatchObject({ answers: 21, answered: 0 });
  });

  it('resumes the rolling accuracy after a restart', async () => {
    const before = (await state('batch')).rollingAccuracy;
    expect(before).not.toBeNull();
    await chorus.stop();
    chorus = await startChorus({ DATABASE_URL: databaseUrl });
    expect((await state('batch')).rollingAccuracy).toBe(before);
  });
});
