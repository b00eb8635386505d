import { AnswerDocument, AnswerKind, NextTasksDocument } from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/chorus-api.js';
import { startServer, type ChorusServer } from '../support/processes.js';
import { storedAnswers } from './outbox-annotator.js';
import { createTextcatStream } from './streams.js';

const COPIES = 50;

describe('one answer sent many times at once', () => {
  let server: ChorusServer;

  beforeAll(async () => {
    server = await startServer();
    await createTextcatStream(server.url, 'sms');
  });
  afterAll(async () => server?.stop());

  it(`stores ${COPIES} parallel copies with one idempotency key as one row`, async () => {
    const { nextTasks } = await graphql(server.url, NextTasksDocument, {
      stream: 'sms',
      session: 'ann',
      count: 1,
    });
    const [task] = nextTasks;
    const input = {
      stream: 'sms',
      session: 'ann',
      taskHash: task!.taskHash,
      task: task!.task,
      answer: AnswerKind.accept,
      idempotencyKey: 'ann-once',
    };
    const results = await Promise.all(
      Array.from({ length: COPIES }, () => graphql(server.url, AnswerDocument, { input })),
    );
    expect(results.filter(({ answer }) => !answer.duplicate)).toHaveLength(1);
    expect(new Set(results.map(({ answer }) => answer.annotationId)).size).toBe(1);
    expect(await storedAnswers(server.url, 'sms')).toEqual([`ann:${task!.taskHash}`]);
  });
});
