import {
  AnswerDocument,
  AnswerKind,
  CreateStreamDocument,
  DatasetKind,
  ModelVersionsDocument,
  NextTasksDocument,
  Recipe,
} from '@chorus/schema';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, importFile } from '../support/chorus-api.js';
import { REPO_ROOT, startServer, type ChorusServer } from '../support/processes.js';
import { executeNotebook, type ExecutedCell } from './run-notebook.js';

/**
 * The notebooks in examples/notebooks, executed headless against a live server on the embedded
 * database, with data a data scientist would have: a textcat dataset answered by two annotators,
 * and a ner.teach stream someone is annotating while the notebook watches it. The executed
 * copies, outputs and charts included, are kept in test/artifacts/notebooks.
 */

const NOTEBOOKS = path.join(REPO_ROOT, 'examples/notebooks');
const ARTIFACTS = path.join(REPO_ROOT, 'test/artifacts/notebooks');
const SPAM_ANSWERS = path.join(REPO_ROOT, 'test/notebooks/fixtures/spam-answers.jsonl');
const NEWS_INPUTS = path.join(REPO_ROOT, 'test/fixtures/conll2003-dev-sample.jsonl');
const STREAM = 'news';
const ANNOTATOR_PAUSE_MS = 150;

/** Someone answering the stream's tasks one by one until told to stop. */
function startAnnotator(url: string) {
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const { nextTasks } = await graphql(url, NextTasksDocument, {
        stream: STREAM,
        session: 'carol',
        count: 1,
      });
      const [task] = nextTasks;
      if (!task) return;
      await graphql(url, AnswerDocument, {
        input: {
          stream: STREAM,
          session: 'carol',
          taskHash: task.taskHash,
          task: task.task,
          answer: i % 2 ? AnswerKind.accept : AnswerKind.reject,
          idempotencyKey: `carol-${i}`,
        },
      });
      await new Promise((resolve) => setTimeout(resolve, ANNOTATOR_PAUSE_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
    },
  };
}

const cellPrinting = (cells: ExecutedCell[], source: string) => {
  const cell = cells.find((c) => c.source.includes(source));
  if (!cell) throw new Error(`no cell with ${JSON.stringify(source)}`);
  return cell;
};

describe('the notebooks', () => {
  let server: ChorusServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startServer({ STREAM_SNAPSHOT_MIN_MS: '0' });
    env = { CHORUS_API_URL: server.url, CHORUS_WATCH_SECONDS: '4', CHORUS_STREAM: STREAM };
    await mkdir(ARTIFACTS, { recursive: true });
    await importFile(server.url, 'dataset', 'spam', SPAM_ANSWERS);
    await importFile(server.url, 'source', 'news', NEWS_INPUTS);
    await graphql(server.url, CreateStreamDocument, {
      input: {
        name: STREAM,
        dataset: 'news_ner',
        source: 'news',
        recipe: Recipe.ner_teach,
        labels: ['PER', 'ORG', 'LOC', 'MISC'],
      },
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('runs the quickstart: annotations, agreement, a live stream, a training run, predict', async () => {
    const annotator = startAnnotator(server.url);
    const cells = await executeNotebook(
      path.join(NOTEBOOKS, 'chorus-quickstart.ipynb'),
      ARTIFACTS,
      { ...env, CHORUS_DATASET: 'spam', CHORUS_EPOCHS: '6' },
    ).finally(() => annotator.stop());

    expect(cells.flatMap((c) => c.errors)).toEqual([]);
    // 320 answers less 5 repeated by the same annotator, read over 4 pages.
    expect(cellPrinting(cells, '"DatasetAnnotations"').text).toContain(
      '315 answers, read in pages of 100',
    );
    expect(cellPrinting(cells, 'pd.crosstab(\n').text).toMatch(/total\s+158\s+157\s+315/);
    expect(cellPrinting(cells, 'by_annotator.plot.bar').images).toBe(1);
    expect(cellPrinting(cells, '"Dataset", name=DATASET').text).toMatch(
      /overall cohen_kappa: 0\.\d+ over 79 items, 2 annotators/,
    );

    // The stream moved while the notebook watched it: the counts it printed went up.
    const answered = [
      ...cellPrinting(cells, '"StreamEvents"').text.matchAll(/answered\s+(\d+)/g),
    ].map((m) => Number(m[1]));
    expect(answered.length).toBeGreaterThan(2);
    expect(answered.at(-1)).toBeGreaterThan(answered[0]!);

    const training = cellPrinting(cells, '"StartTrainingRun"').text;
    expect(training.match(/^epoch +\d+ +loss/gm)).toHaveLength(6);
    expect(training).toMatch(/succeeded in [\d.]+ s: best epoch \d, model version \d+/);
    expect(cellPrinting(cells, 'epochs["epoch"], epochs[column]').images).toBe(1);

    // The two obvious spam texts score high, the two chats low.
    const scores = [...cellPrinting(cells, '"Predict"').text.matchAll(/ (0\.\d+)\s*$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(scores).toHaveLength(4);
    expect(Math.min(scores[0]!, scores[2]!)).toBeGreaterThan(Math.max(scores[1]!, scores[3]!));

    expect(cellPrinting(cells, 'no-such-dataset').text).toContain('NOT_FOUND');
  });

  it('runs onnx-in-python: a version downloaded, checked and described', async () => {
    // The version the quickstart's training run made (the stream may have snapshotted others).
    const { modelVersions } = await graphql(server.url, ModelVersionsDocument, { first: 100 });
    const trained = modelVersions.edges.find((e) => e.node.kind === DatasetKind.textcat);
    expect(trained, 'the quickstart trains a textcat version first').toBeDefined();
    const cells = await executeNotebook(path.join(NOTEBOOKS, 'onnx-in-python.ipynb'), ARTIFACTS, {
      ...env,
      CHORUS_MODEL_VERSION: trained!.node.id,
    });

    expect(cells.flatMap((c) => c.errors)).toEqual([]);
    expect(cellPrinting(cells, 'onnx.checker.check_model').text).toMatch(
      /operators: Gather → Unsqueeze → Mul → ReduceSum → Add → Sigmoid/,
    );
    const io = cellPrinting(cells, 'describe_values(model.graph.input').text;
    expect(io).toMatch(/input\s+rows\s+INT64\s+\[batch, features\]/);
    expect(io).toMatch(/output\s+scores\s+FLOAT\s+\[batch, 1\]/);
    expect(cellPrinting(cells, 'chorus.model_version').text).toContain(
      "kind: textcat | labels: ['SPAM']",
    );
  });
});
