import { readFile } from 'node:fs/promises';
import { parsePatterns, simulate, type SimulateOptions } from '@chorus/engine';
import { AnswerKind, DatasetKind, Recipe, type Routing, type Sorter } from '@chorus/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createInProcessPubSub } from '../pubsub.js';
import { postImport } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { createTestDatabase } from '../testing/test-database.js';
import { streamClient } from '../testing/stream-client.js';
import { StreamRuntime, type StreamSettings } from './stream-runtime.js';
import type { TaskView } from './stream-task.js';

/**
 * The simulator replays what a stream does: same pool, same seed (the source's own order), same
 * answers from the gold, so the same questions in the same order. The stream runs in this process
 * (its runtime over the test database, as the server's registry opens it) with one session that
 * asks for one task, answers it and waits for the stream to settle (re-scoring, prior refits)
 * before asking again; the server process only creates the source, dataset and stream.
 */

let chorus: ChorusProcess;
let databaseUrl: string;
let db: pg.Pool;
const { newStream } = streamClient(() => chorus.url);

const fixture = async (name: string) =>
  (await readFile(new URL(`../testing/fixtures/${name}`, import.meta.url), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Gold);

interface Gold {
  text: string;
  spans?: { start: number; end: number; label: string }[];
  cats?: Record<string, number>;
}

let conll: Gold[];
let sms: Gold[];

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  chorus = await startChorus({ DATABASE_URL: databaseUrl });
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  conll = (await fixture('conll2003-dev-gold-sample.jsonl')).slice(0, 300);
  sms = (await fixture('sms-spam-sample.jsonl')).slice(0, 500);
  const jsonl = (rows: Gold[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  for (const [name, rows] of [
    ['conll', conll],
    ['sms', sms],
  ] as const) {
    const imported = await postImport(chorus.url, `/api/sources/${name}/import`, jsonl(rows));
    expect(imported.status).toBe(200);
  }
});
afterAll(async () => {
  await db?.end();
  await chorus?.stop();
});

const spanKey = (s: { start: number; end: number; label: string }) =>
  `${s.start}:${s.end}:${s.label}`;

/** The gold annotator: accept exactly the gold entities (NER) or labels (textcat). */
function goldAnswer(gold: Gold[]): (task: TaskView) => AnswerKind {
  const byText = new Map(gold.map((g) => [g.text, g]));
  return (task) => {
    const g = byText.get(task.text)!;
    if (task.label !== null) {
      const value = g.cats?.[task.label];
      if (value === undefined) return AnswerKind.ignore;
      return value >= 0.5 ? AnswerKind.accept : AnswerKind.reject;
    }
    const entities = new Set((g.spans ?? []).map(spanKey));
    return entities.has(spanKey(task.spans![0]!)) ? AnswerKind.accept : AnswerKind.reject;
  };
}

let streams = 0;

/** The task hashes a single-session stream asks, in order, answered by `answerOf`. */
async function streamQuestions(
  kind: DatasetKind,
  recipe: Recipe,
  source: string,
  labels: string[],
  patterns: string | undefined,
  budget: number,
  answerOf: (task: TaskView) => AnswerKind,
): Promise<number[]> {
  const name = `policy-${++streams}`;
  await newStream(name, kind, recipe, source, labels, patterns ? { patterns } : {});
  const { rows } = await db.query<{
    id: number;
    dataset_id: number;
    source_id: number;
    labels: string[];
    exclusive: boolean;
    patterns: string | null;
    sorter: Sorter;
    routing: Routing;
    annotations_per_task: number;
    snapshot_every: number;
  }>(
    `select id, dataset_id, source_id, labels, exclusive, patterns, sorter, routing,
            annotations_per_task, snapshot_every from stream where name = $1`,
    [name],
  );
  const s = rows[0]!;
  const settings: StreamSettings = {
    id: s.id,
    datasetId: s.dataset_id,
    datasetKind: kind,
    sourceId: s.source_id,
    recipe,
    labels: s.labels,
    exclusive: s.exclusive,
    patterns: s.patterns ?? undefined,
    sorter: s.sorter,
    routing: s.routing,
    annotationsPerTask: s.annotations_per_task,
    excludeDatasetIds: [],
    snapshotEvery: s.snapshot_every,
  };
  const runtime = await StreamRuntime.open(settings, {
    pool: db,
    pubsub: createInProcessPubSub(),
    logger: createLogger('silent'),
    leaseMs: 600_000,
    snapshotMinMs: 600_000,
  });
  const asked: number[] = [];
  try {
    for (let n = 0; n < budget; n++) {
      const [task] = await runtime.nextTasks('alice', 1);
      if (!task) break;
      asked.push(task.taskHash);
      await runtime.answer({
        session: 'alice',
        taskHash: task.taskHash,
        answer: answerOf(task),
        idempotencyKey: `${name}-${n}`,
      });
      // Re-scoring runs on the next turn of the event loop; a prior refit may still be under way.
      await new Promise((resolve) => setImmediate(resolve));
      await runtime.idle();
    }
  } finally {
    await runtime.close();
  }
  return asked;
}

/** The task hashes the simulator asks, in order. */
async function simulatedQuestions(options: Omit<SimulateOptions, 'eval' | 'strategy'>) {
  const asked: number[] = [];
  await simulate({
    ...options,
    eval: [],
    strategy: 'uncertain',
    seed: 0,
    batchSize: options.budget,
    onAnswer: (task) => asked.push(task._task_hash!),
  });
  return asked;
}

const nerPatterns = ['England', 'U.S.', 'Australia', 'Somerset', 'London']
  .map((pattern) => JSON.stringify({ label: pattern === 'Somerset' ? 'ORG' : 'LOC', pattern }))
  .join('\n');
const smsPatterns = [
  '{"label": "SPAM", "pattern": [{"lower": "free"}]}',
  '{"label": "SPAM", "pattern": [{"lower": "txt"}]}',
].join('\n');

describe('the simulator asks what a single-session stream asks', () => {
  const nerLabels = ['LOC', 'MISC', 'ORG', 'PER'];

  for (const patterns of [undefined, nerPatterns]) {
    it(`ner.teach, ${patterns ? 'with' : 'without'} patterns`, async () => {
      const budget = 150;
      const stream = await streamQuestions(
        DatasetKind.ner,
        Recipe.ner_teach,
        'conll',
        nerLabels,
        patterns,
        budget,
        goldAnswer(conll),
      );
      const simulated = await simulatedQuestions({
        recipe: 'ner.teach',
        pool: conll,
        budget,
        labels: nerLabels,
        patterns: patterns ? parsePatterns(patterns) : undefined,
      });
      expect(stream).toHaveLength(budget);
      expect(simulated).toEqual(stream);
    });
  }

  for (const patterns of [undefined, smsPatterns]) {
    it(`textcat.teach, ${patterns ? 'with' : 'without'} patterns, past the first prior refit`, async () => {
      // 125 answers in, the classifier refits its prior from the unanswered texts.
      const budget = 160;
      const stream = await streamQuestions(
        DatasetKind.textcat,
        Recipe.textcat_teach,
        'sms',
        ['SPAM'],
        patterns,
        budget,
        goldAnswer(sms),
      );
      const simulated = await simulatedQuestions({
        recipe: 'textcat.teach',
        pool: sms,
        budget,
        labels: ['SPAM'],
        exclusive: false,
        patterns: patterns ? parsePatterns(patterns) : undefined,
      });
      expect(stream).toHaveLength(budget);
      expect(simulated).toEqual(stream);
    });
  }
});
