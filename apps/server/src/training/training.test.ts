import { readFile } from 'node:fs/promises';
import { train } from '@chorus/engine';
import {
  CancelTrainingRunDocument,
  PredictDocument,
  StartTrainingRunDocument,
  TrainingRunDocument,
  TrainingRunEventsDocument,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, graphqlData, postImport, subscribe } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { SHARED_DATA } from '../testing/fixtures.js';
import { createTestDatabase, sql } from '../testing/test-database.js';

let chorus: ChorusProcess;
let lines: string[];

beforeAll(async () => {
  chorus = await startChorus({ DATABASE_URL: await createTestDatabase() });
  lines = (await readFile(new URL('ner/conll2003-dev.jsonl', SHARED_DATA), 'utf8'))
    .trim()
    .split('\n')
    .slice(0, 600);
  await postImport(chorus.url, '/api/datasets/gold/import', lines.join('\n'));
});
afterAll(() => chorus?.stop());

describe('training runs', () => {
  it('trains in the queue, reports every epoch, publishes a version with the same metrics as the engine, and predicts with its ONNX graph', async () => {
    const { startTrainingRun: run } = await graphqlData(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['gold'], epochs: 3, seed: 7, evalSplit: 0.25 },
    });
    expect(run.status).toBe('queued');
    const events = subscribe(chorus.url, TrainingRunEventsDocument, { id: run.id }, (e) =>
      ['succeeded', 'failed', 'cancelled'].includes(e.trainingRunEvents.status),
    );
    await events.ready;
    const done = await Promise.race([
      events.done,
      (async () => {
        // The run may finish before the subscription starts: poll as a fallback.
        for (;;) {
          const { trainingRun } = await graphqlData(chorus.url, TrainingRunDocument, {
            id: run.id,
          });
          if (['succeeded', 'failed'].includes(trainingRun.status))
            return [{ trainingRunEvents: trainingRun }];
          await new Promise((r) => setTimeout(r, 500));
        }
      })(),
    ]);
    const final = done.at(-1)!.trainingRunEvents;
    expect(final.error).toBeNull();
    expect(final.status).toBe('succeeded');
    expect(final.progress.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(final.modelVersionId).not.toBeNull();

    // The same data through the engine directly gives the same scores.
    const exported = await (await fetch(`${chorus.url}/api/datasets/gold/export.jsonl`)).text();
    const tasks = exported
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const direct = await train({
      kind: 'ner',
      labels: final.labels,
      train: tasks,
      evalSplit: 0.25,
      epochs: 3,
      seed: 7,
    });
    const best = final.metrics!.best as { f1: number; precision: number; recall: number };
    expect(best.f1).toBeCloseTo(direct.metrics.best.f1, 10);
    expect(best.f1).toBeGreaterThan(0.5);

    const onnx = await fetch(`${chorus.url}/api/models/${final.modelVersionId}/model.onnx`);
    expect(onnx.status).toBe(200);
    expect((await onnx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const { predict } = await graphqlData(chorus.url, PredictDocument, {
      version: String(final.modelVersionId),
      texts: ['Peter Blackburn visited Germany .'],
    });
    expect(predict[0]!.text).toBe('Peter Blackburn visited Germany .');
    expect(Array.isArray(predict[0]!.spans)).toBe(true);
  });

  it('cancels a run: no version is published', async () => {
    const { startTrainingRun: run } = await graphqlData(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['gold'], epochs: 200, seed: 1 },
    });
    await new Promise((r) => setTimeout(r, 1500));
    const { cancelTrainingRun } = await graphqlData(chorus.url, CancelTrainingRunDocument, {
      id: run.id,
    });
    expect(cancelTrainingRun.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 1000));
    const { trainingRun } = await graphqlData(chorus.url, TrainingRunDocument, { id: run.id });
    expect(trainingRun).toMatchObject({ status: 'cancelled', modelVersionId: null });
  });

  it('refuses unknown datasets with NOT_FOUND', async () => {
    const result = await graphql(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['nope'] },
    });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});

describe('a training worker that dies', () => {
  it('has its job retried by the next server, which publishes exactly one version', async () => {
    const url = await createTestDatabase();
    const env = { DATABASE_URL: url, TRAINING_JOB_TIMEOUT_S: '3', JOB_MAINTENANCE_S: '1' };
    const first = await startChorus(env);
    await postImport(first.url, '/api/datasets/gold/import', lines.join('\n'));
    const { startTrainingRun: run } = await graphqlData(first.url, StartTrainingRunDocument, {
      input: { datasets: ['gold'], epochs: 12, seed: 2 },
    });
    await expect
      .poll(
        async () =>
          (await graphqlData(first.url, TrainingRunDocument, { id: run.id })).trainingRun.status,
        { timeout: 20_000 },
      )
      .toBe('running');
    expect(await first.stop('SIGKILL')).toBeNull();

    const second = await startChorus(env);
    try {
      await expect
        .poll(
          async () =>
            (await graphqlData(second.url, TrainingRunDocument, { id: run.id })).trainingRun.status,
          {
            timeout: 90_000,
            interval: 1000,
          },
        )
        .toBe('succeeded');
      const versions = await sql<{ n: number }>(
        url,
        `select count(*)::int as n from model_version where training_run_id = $1`,
        [Number(run.id)],
      );
      expect(versions[0]!.n).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
