import { readFile } from 'node:fs/promises';
import {
  AnswerDocument,
  AnswerKind,
  CreateDatasetDocument,
  CreateStreamDocument,
  DatasetKind,
  NextTasksDocument,
  Recipe,
  StreamDocument,
  StreamEventsDocument,
  type TaskFieldsFragment,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData, postImport, subscribe } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { FIXTURES, jsonl } from '../testing/fixtures.js';
import { createTestDatabase, sql } from '../testing/test-database.js';

let databaseUrl: string;
let a: ChorusProcess;
let b: ChorusProcess;
let key = 0;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  const cluster = {
    DATABASE_URL: databaseUrl,
    CHORUS_CLUSTER: 'true',
    STREAM_OWNER_TTL_MS: '2000',
  };
  a = await startChorus(cluster);
  b = await startChorus(cluster);
});
afterAll(async () => {
  await a?.stop('SIGKILL');
  await b?.stop();
});

describe('two server processes on one database', () => {
  it('forward to the owner of a stream, relay its events, and take it over when it dies, losing no answer', async () => {
    const lines = (await readFile(new URL('conll2003-dev-gold-sample.jsonl', FIXTURES), 'utf8'))
      .trim()
      .split('\n')
      .slice(0, 300);
    const records = lines.map((l) => JSON.parse(l) as { text: string; tokens: unknown[] });
    await postImport(
      a.url,
      '/api/sources/news/import',
      jsonl(records.map(({ text, tokens }) => ({ text, tokens }))),
    );
    await graphqlData(a.url, CreateDatasetDocument, {
      input: { name: 'shared', kind: DatasetKind.ner, labels: [] },
    });
    await graphqlData(a.url, CreateStreamDocument, {
      input: {
        name: 'shared',
        dataset: 'shared',
        source: 'news',
        recipe: Recipe.ner_teach,
        labels: ['PER', 'LOC'],
        snapshotEvery: 20,
      },
    });
    const answered = new Set<number>();
    const work = async (url: string, session: string, answers: number) => {
      while (answers > 0) {
        const { nextTasks } = await graphqlData(url, NextTasksDocument, {
          stream: 'shared',
          session,
          count: 5,
        });
        for (const task of nextTasks.slice(0, answers)) {
          await answerOn(url, session, task);
          expect(answered.has(task.taskHash)).toBe(false);
          answered.add(task.taskHash);
          answers--;
        }
      }
    };
    const answerOn = (url: string, session: string, task: TaskFieldsFragment) =>
      graphqlData(url, AnswerDocument, {
        input: {
          stream: 'shared',
          session,
          taskHash: task.taskHash,
          task: task.task,
          answer: AnswerKind.reject,
          idempotencyKey: `c${++key}`,
        },
      });

    // A takes the stream first; B forwards to it and relays its events.
    await work(a.url, 'alice', 10);
    const events = subscribe(b.url, StreamEventsDocument, { stream: 'shared' }, () => false);
    await events.ready;
    await Promise.all([work(a.url, 'alice', 20), work(b.url, 'bob', 30)]);
    await expect.poll(() => events.events.at(-1)?.streamEvents.answers, { timeout: 5000 }).toBe(60);
    await events.close();

    // The owner dies without a word; B takes over from its snapshot plus the answers after it.
    expect(await a.stop('SIGKILL')).toBeNull();
    await work(b.url, 'bob', 20);
    const { stream } = await graphqlData(b.url, StreamDocument, { name: 'shared' });
    expect(stream.state.answers).toBe(80);
    const [row] = await sql<{ n: number; distinct: number }>(
      databaseUrl,
      `select count(*)::int as n, count(distinct task_hash)::int as distinct from annotation`,
    );
    expect(row).toEqual({ n: 80, distinct: 80 });
  });
});
