import { readFile } from 'node:fs/promises';
import { rocAuc, TextClassifier, type TextClassifierJSON } from '@chorus/engine';
import {
  AnswerDocument,
  AnswerKind,
  CreateDatasetDocument,
  CreateStreamDocument,
  DatasetDocument,
  UndoDocument,
  DatasetKind,
  NextTasksDocument,
  Recipe,
  Routing,
  StreamDocument,
  TasksDocument,
  type TaskFieldsFragment,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, graphqlData, postImport, subscribe } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { FIXTURES, jsonl } from '../testing/fixtures.js';
import { streamClient } from '../testing/stream-client.js';
import { createTestDatabase, sql } from '../testing/test-database.js';

let chorus: ChorusProcess;
let databaseUrl: string;
const { newStream, next, answer } = streamClient(() => chorus.url);

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  chorus = await startChorus({ DATABASE_URL: databaseUrl });
});
afterAll(() => chorus?.stop());

const words = [
  'cheap',
  'pills',
  'offer',
  'meeting',
  'lunch',
  'report',
  'winner',
  'prize',
  'notes',
  'agenda',
];
const texts = Array.from(
  { length: 60 },
  (_, i) => `${words[i % 10]} ${words[(i * 3 + 1) % 10]} number ${i}`,
);

describe('textcat.teach streams', () => {
  beforeAll(async () => {
    await postImport(
      chorus.url,
      '/api/sources/mails/import',
      jsonl(texts.map((text) => ({ text }))),
    );
  });

  it('offers one question per label, never asks an answered one again, and replays idempotently', async () => {
    await newStream('spam', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM']);
    const first = await next('spam', 'alice', 5);
    expect(first).toHaveLength(5);
    expect(first.every((t) => t.task.label === 'SPAM' && Math.abs(t.score - 0.5) < 1e-6)).toBe(
      true,
    );
    const stored = await answer('spam', 'alice', first[0]!, AnswerKind.accept, {
      idempotencyKey: 'same-key',
    });
    expect(stored.duplicate).toBe(false);
    const replay = await answer('spam', 'alice', first[0]!, AnswerKind.accept, {
      idempotencyKey: 'same-key',
    });
    expect(replay).toMatchObject({ duplicate: true, annotationId: stored.annotationId });
    const asked = new Set([first[0]!.taskHash]);
    for (const task of first.slice(1)) {
      asked.add(task.taskHash);
      await answer('spam', 'alice', task, AnswerKind.reject);
    }
    for (let round = 0; round < 20; round++) {
      const tasks = await next('spam', 'alice', 5);
      if (tasks.length === 0) break;
      for (const task of tasks) {
        expect(asked.has(task.taskHash)).toBe(false);
        asked.add(task.taskHash);
        const spam = /cheap|pills|winner|prize|offer/.test(task.task.text as string);
        await answer('spam', 'alice', task, spam ? AnswerKind.accept : AnswerKind.reject);
      }
    }
    expect(asked.size).toBe(texts.length);
    expect(await next('spam', 'alice', 5)).toEqual([]);
    const [row] = await sql<{ n: number; distinct: number }>(
      databaseUrl,
      `select count(*)::int as n, count(distinct task_hash)::int as distinct from annotation a join dataset d on d.id = a.dataset_id where d.name = 'spam'`,
    );
    expect(row).toEqual({ n: texts.length, distinct: texts.length });
    const { stream } = await graphqlData(chorus.url, StreamDocument, { name: 'spam' });
    expect(stream.state).toMatchObject({ answers: texts.length, answered: texts.length });
    expect(stream.state.rollingAccuracy).toBeGreaterThan(0.6);
  });

  it('refits a prior from the inputs nobody answered, which teaches words no answer held', async () => {
    // Answered texts hold only the cue words; unanswered ones pair each cue with a new word of
    // the same kind; held-out texts have only the new words. Only the prior can know them.
    const cue = [
      ['cheap', 'prize'],
      ['agenda', 'minutes'],
    ];
    const fresh = [
      ['viagra', 'lottery'],
      ['quarterly', 'budget'],
    ];
    const line = (words: string[], i: number) => `${words[i % 2]} number ${i}`;
    const cueTexts = Array.from({ length: 150 }, (_, i) => line(cue[i % 2]!, i >> 1));
    const mixedTexts = Array.from(
      { length: 300 },
      (_, i) => `${cue[i % 2]![(i >> 1) % 2]} ${fresh[i % 2]![(i >> 2) % 2]} mail ${i}`,
    );
    await postImport(
      chorus.url,
      '/api/sources/offers/import',
      jsonl([...cueTexts, ...mixedTexts].map((text) => ({ text }))),
    );
    await newStream('offers', DatasetKind.textcat, Recipe.textcat_teach, 'offers', ['SPAM']);
    const mixed = new Set(mixedTexts);
    let learnt = 0;
    while (learnt < 130) {
      const tasks = await next('offers', 'alice', 10);
      expect(tasks.length).toBeGreaterThan(0);
      for (const task of tasks) {
        const text = task.task.text as string;
        if (mixed.has(text)) {
          await answer('offers', 'alice', task, AnswerKind.ignore);
          continue;
        }
        const spam = /cheap|prize/.test(text);
        await answer('offers', 'alice', task, spam ? AnswerKind.accept : AnswerKind.reject);
        learnt++;
      }
    }
    // Closing the stream waits for the refit and saves the model.
    await chorus.stop();
    chorus = await startChorus({ DATABASE_URL: databaseUrl });
    const [saved] = await sql<{ model: string }>(
      databaseUrl,
      `select m.model from model_version m join stream s on s.id = m.stream_id
       where s.name = 'offers' order by m.id desc limit 1`,
    );
    const model = TextClassifier.fromJSON(JSON.parse(saved!.model) as TextClassifierJSON);
    expect(model.prior).not.toBeNull();
    const held = Array.from({ length: 40 }, (_, i) => line(fresh[i % 2]!, i >> 1));
    const spam = held.map((_, i) => i % 2 === 0);
    const auc = () =>
      rocAuc(
        model.predict(held).map((p) => p[0]!),
        spam,
      );
    expect(auc()).toBeGreaterThan(0.95);
    model.setPrior(null);
    expect(auc()).toBeLessThan(0.75);
  });

  it('undoes the latest answer of a session: kept as history, asked again, counted once', async () => {
    await newStream('undo', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM']);
    const [a, b] = await next('undo', 'alice', 2);
    await answer('undo', 'alice', a!, AnswerKind.accept);
    await answer('undo', 'alice', b!, AnswerKind.accept);
    const undone = await graphqlData(chorus.url, UndoDocument, {
      stream: 'undo',
      session: 'alice',
    });
    expect(undone.undo?.taskHash).toBe(b!.taskHash);
    await answer('undo', 'alice', undone.undo!, AnswerKind.reject);
    const rows = await sql<{ answer: string; undone: boolean }>(
      databaseUrl,
      `select answer, undone_at is not null as undone from annotation a join dataset d on d.id = a.dataset_id
       where d.name = 'undo' order by a.id`,
    );
    expect(rows).toEqual([
      { answer: 'accept', undone: false },
      { answer: 'accept', undone: true },
      { answer: 'reject', undone: false },
    ]);
    const { dataset } = await graphqlData(chorus.url, DatasetDocument, { name: 'undo' });
    expect(dataset.counts.byAnswer).toEqual([
      { answer: AnswerKind.accept, count: 1 },
      { answer: AnswerKind.reject, count: 1 },
    ]);
  });

  it('returns a lease to the pool when it expires, so another session gets the task', async () => {
    // A second server on the same database, with short leases.
    const quick = await startChorus({ DATABASE_URL: databaseUrl, STREAM_LEASE_MS: '1000' });
    try {
      const nextOn = (session: string) =>
        graphqlData(quick.url, NextTasksDocument, { stream: 'leases', session, count: 60 }).then(
          (d) => d.nextTasks,
        );
      await newStream('leases', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM']);
      const alice = await nextOn('alice');
      expect(alice).toHaveLength(60);
      expect(await nextOn('bob')).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const bob = await nextOn('bob');
      expect(new Set(bob.map((t) => t.taskHash))).toEqual(new Set(alice.map((t) => t.taskHash)));
    } finally {
      await quick.stop();
    }
  });

  it('gives the leases of a session whose subscription ends to the others', async () => {
    await newStream('departures', DatasetKind.textcat, Recipe.textcat_teach, 'mails', ['SPAM']);
    const alice = subscribe(
      chorus.url,
      TasksDocument,
      { stream: 'departures', session: 'alice' },
      () => false,
    );
    await expect.poll(() => alice.events.length).toBe(1);
    const held = alice.events[0]!.tasks.tasks.map((t) => t.taskHash);
    expect(held).toHaveLength(10);
    const bob = await next('departures', 'bob', 60);
    expect(bob.some((t) => held.includes(t.taskHash))).toBe(false);
    await alice.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await next('departures', 'carol', 60);
    expect(later.map((t) => t.taskHash).sort()).toEqual([...held].sort());
  });

  it('never offers what an excluded dataset answered, and mark keeps source order', async () => {
    await newStream('marked', DatasetKind.textcat, Recipe.mark, 'mails', [], { exclude: ['spam'] });
    const tasks = await next('marked', 'alice', 100);
    // Every input was answered in "spam" (same input, different question), and mark asks about inputs.
    expect(tasks).toEqual([]);
    await newStream('ordered', DatasetKind.textcat, Recipe.mark, 'mails', []);
    const ordered = await next('ordered', 'alice', 100);
    expect(ordered.map((t) => t.task.text)).toEqual(texts);
  });
});

interface Gold {
  text: string;
  tokens: { text: string; start: number; end: number; id: number; ws: boolean }[];
  spans: { start: number; end: number; label: string }[];
}

describe('ner.teach with three annotators on one model', () => {
  let gold: Map<string, Gold>;

  beforeAll(async () => {
    const lines = (await readFile(new URL('conll2003-dev-gold-sample.jsonl', FIXTURES), 'utf8'))
      .trim()
      .split('\n')
      .slice(0, 400);
    const records = lines.map((l) => JSON.parse(l) as Gold).filter((r) => r.tokens.length > 3);
    gold = new Map(records.map((r) => [r.text, r]));
    await postImport(
      chorus.url,
      '/api/sources/news/import',
      jsonl(records.map(({ text, tokens }) => ({ text, tokens }))),
    );
  });

  const isGold = (task: TaskFieldsFragment) => {
    const span = (task.task.spans as Gold['spans'])[0]!;
    return gold
      .get(task.task.text as string)!
      .spans.some((g) => g.start === span.start && g.end === span.end && g.label === span.label);
  };

  it('lets the labels take turns in the questions of a model without patterns', async () => {
    const labels = ['PER', 'ORG', 'LOC', 'MISC'];
    await newStream('news-turns', DatasetKind.ner, Recipe.ner_teach, 'news', labels);
    const asked = (await next('news-turns', 'alice', 8)).map(
      (t) => (t.task.spans as { label: string }[])[0]!.label,
    );
    expect(asked).toHaveLength(8);
    for (const label of labels) expect(asked.filter((l) => l === label)).toHaveLength(2);
  });

  it('shares tasks without overlap, loses no answer, learns, and resumes after a restart without re-asking', async () => {
    await newStream(
      'news-ner',
      DatasetKind.ner,
      Recipe.ner_teach,
      'news',
      ['PER', 'ORG', 'LOC', 'MISC'],
      { snapshotEvery: 25 },
    );
    const sessions = ['alice', 'bob', 'carol'];
    const held = new Map<number, string>();
    const answered = new Set<number>();
    // The model's score for each question, and whether the gold accepted it, in answer order.
    const scored: { score: number; accept: boolean }[] = [];
    let sent = 0;
    const work = async (session: string, rounds: number) => {
      for (let round = 0; round < rounds; round++) {
        const tasks = await next('news-ner', session, 5);
        for (const task of tasks) {
          const holder = held.get(task.taskHash);
          expect(
            holder === undefined || holder === session,
            `task ${task.taskHash} held by ${holder} and ${session}`,
          ).toBe(true);
          held.set(task.taskHash, session);
        }
        for (const task of tasks) {
          expect(answered.has(task.taskHash)).toBe(false);
          const accept = isGold(task);
          scored.push({ score: task.score, accept });
          await answer('news-ner', session, task, accept ? AnswerKind.accept : AnswerKind.reject);
          answered.add(task.taskHash);
          held.delete(task.taskHash);
          sent++;
        }
      }
    };
    await Promise.all(sessions.map((s) => work(s, 20)));
    expect(sent).toBe(300);
    const rows = await sql<{ n: number; distinct: number }>(
      databaseUrl,
      `select count(*)::int as n, count(distinct task_hash)::int as distinct from annotation a join dataset d on d.id = a.dataset_id where d.name = 'news-ner'`,
    );
    expect(rows[0]).toEqual({ n: sent, distinct: sent });
    // Learning shows as scores that rank gold spans above the rest: over the last 200 questions
    // (15–22 of them gold), the chance that a gold span outscores another question (ROC AUC; a
    // blank model's is 0.5). Six runs: 0.75–0.90. A difference of mean scores over the last 100
    // (7–12 gold) varied from 0.14 to 0.60 and failed once in CI.
    const late = scored.slice(-200);
    expect(late.filter((a) => a.accept).length).toBeGreaterThan(5);
    expect(
      rocAuc(
        late.map((a) => a.score),
        late.map((a) => a.accept),
      ),
    ).toBeGreaterThan(0.65);

    const before = (await graphqlData(chorus.url, StreamDocument, { name: 'news-ner' })).stream
      .state;
    expect(before.answers).toBe(sent);
    await chorus.stop();
    chorus = await startChorus({ DATABASE_URL: databaseUrl });
    const after = (await graphqlData(chorus.url, StreamDocument, { name: 'news-ner' })).stream
      .state;
    expect(after.answers).toBe(sent);
    expect(after.modelVersion).not.toBeNull();
    const resumed = await next('news-ner', 'alice', 20);
    expect(resumed.length).toBeGreaterThan(0);
    for (const task of resumed) expect(answered.has(task.taskHash)).toBe(false);
  });
});

describe('routing, manual recipes and patterns', () => {
  beforeAll(async () => {
    await postImport(
      chorus.url,
      '/api/sources/people/import',
      jsonl([
        { text: 'Ada Lovelace met Charles Babbage in London .' },
        { text: 'Grace Hopper worked for the Navy .' },
        { text: 'Alan Turing was born in London .' },
      ]),
    );
  });

  it('gives every session every task with overlap routing, and each task once per session', async () => {
    await newStream('overlap', DatasetKind.textcat, Recipe.textcat_teach, 'people', ['HISTORY'], {
      routing: Routing.overlap,
    });
    const alice = await next('overlap', 'alice', 10);
    const bob = await next('overlap', 'bob', 10);
    expect(alice).toHaveLength(3);
    expect(bob.map((t) => t.taskHash).sort()).toEqual(alice.map((t) => t.taskHash).sort());
    for (const task of alice) await answer('overlap', 'alice', task, AnswerKind.accept);
    expect(await next('overlap', 'alice', 10)).toEqual([]);
    expect(await next('overlap', 'carol', 10)).toHaveLength(3);
  });

  it('stores manual spans, validated against the tokens, and never asks the same input again', async () => {
    await newStream('manual', DatasetKind.ner, Recipe.ner_manual, 'people', ['PER', 'LOC']);
    const tasks = await next('manual', 'alice', 10);
    expect(tasks).toHaveLength(3);
    expect(
      tasks.every((t) => Array.isArray(t.task.spans) && (t.task.spans as unknown[]).length === 0),
    ).toBe(true);
    const ada = tasks.find((t) => (t.task.text as string).startsWith('Ada'))!;
    const bad = await graphql(chorus.url, AnswerDocument, {
      input: {
        stream: 'manual',
        session: 'alice',
        taskHash: ada.taskHash,
        answer: AnswerKind.accept,
        spans: [{ start: 0, end: 2, label: 'PER' }],
        idempotencyKey: 'bad-span',
      },
    });
    expect(bad.errors?.[0]?.message).toContain('spans[0].end');
    await answer('manual', 'alice', ada, AnswerKind.accept, {
      spans: [
        { start: 0, end: 12, label: 'PER' },
        { start: 36, end: 42, label: 'LOC' },
      ],
    });
    const [row] = await sql<{ task: { spans: unknown[] } }>(
      databaseUrl,
      `select task from annotation a join dataset d on d.id = a.dataset_id where d.name = 'manual'`,
    );
    expect(row!.task.spans).toEqual([
      { start: 0, end: 12, token_start: 0, token_end: 1, label: 'PER' },
      { start: 36, end: 42, token_start: 6, token_end: 6, label: 'LOC' },
    ]);
    const later = await next('manual', 'bob', 10);
    expect(later.some((t) => t.inputHash === ada.inputHash)).toBe(false);
  });

  it('asks pattern matches first while the model is cold, marking them with the pattern', async () => {
    await newStream('patterned', DatasetKind.ner, Recipe.ner_teach, 'people', ['PER'], {
      patterns:
        '{"label": "LOC", "pattern": "London"}\n{"label": "ORG", "pattern": [{"lower": "navy"}]}',
    });
    const tasks = await next('patterned', 'alice', 3);
    expect(tasks.map((t) => (t.task.spans as { label: string }[])[0]!.label).sort()).toEqual([
      'LOC',
      'LOC',
      'ORG',
    ]);
    expect(
      tasks.every(
        (t) => t.pattern !== null && (t.task.meta as { pattern: string }).pattern === t.pattern,
      ),
    ).toBe(true);
  });
});

describe('review', () => {
  it('groups the answers of several sessions per question, conflicts first, into a dataset of its own', async () => {
    const text = 'Marie Curie lived in Paris .';
    const curie = { text, spans: [{ start: 0, end: 11, label: 'PER' }], _view_id: 'ner' };
    const paris = { text, spans: [{ start: 21, end: 26, label: 'LOC' }], _view_id: 'ner' };
    await postImport(
      chorus.url,
      '/api/datasets/votes/import?kind=ner',
      jsonl([
        { ...curie, answer: 'accept', _session_id: 'alice' },
        { ...curie, answer: 'accept', _session_id: 'bob' },
        { ...paris, answer: 'accept', _session_id: 'alice' },
        { ...paris, answer: 'reject', _session_id: 'bob' },
      ]),
    );
    await graphql(chorus.url, CreateDatasetDocument, {
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
    const tasks = await next('votes-review', 'judge', 10);
    expect(tasks.map((t) => (t.task.spans as { label: string }[])[0]!.label)).toEqual([
      'LOC',
      'PER',
    ]);
    expect(tasks[0]!.task.meta).toMatchObject({
      conflict: true,
      sessions: [
        { session: 'alice', answer: 'accept' },
        { session: 'bob', answer: 'reject' },
      ],
    });
    expect(tasks[1]!.task.meta).toMatchObject({ conflict: false });
    await answer('votes-review', 'judge', tasks[0]!, AnswerKind.reject);
    const rows = await sql<{ answer: string; session_id: string }>(
      databaseUrl,
      `select answer, session_id from annotation a join dataset d on d.id = a.dataset_id where d.name = 'votes-reviewed'`,
    );
    expect(rows).toEqual([{ answer: 'reject', session_id: 'judge' }]);
    // The other group is still the judge's; once answered, nothing is left to review.
    await answer('votes-review', 'judge', tasks[1]!, AnswerKind.accept);
    expect(await next('votes-review', 'judge', 10)).toEqual([]);
  });
});
