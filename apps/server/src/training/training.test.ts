import { readFile } from 'node:fs/promises';
import { train } from '@chorus/engine';
import { winkVectorsPath } from '@chorus/engine';
import {
  CancelTrainingRunDocument,
  ModelVersionDocument,
  PredictDocument,
  StartTrainingRunDocument,
  TrainingOptionsDocument,
  TrainingRunDocument,
  TrainingRunEventsDocument,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, graphqlData, postImport, subscribe } from '../testing/api-client.js';
import { startChorus, type ChorusProcess } from '../testing/chorus-process.js';
import { FIXTURES, jsonl } from '../testing/fixtures.js';
import { createTestDatabase, sql } from '../testing/test-database.js';

let chorus: ChorusProcess;
let databaseUrl: string;
let lines: string[];

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  chorus = await startChorus({ DATABASE_URL: databaseUrl });
  lines = (await readFile(new URL('conll2003-dev-gold-sample.jsonl', FIXTURES), 'utf8'))
    .trim()
    .split('\n')
    .slice(0, 600);
  await postImport(chorus.url, '/api/datasets/gold/import', lines.join('\n'));
});
afterAll(() => chorus?.stop());

/** Polls a run until it has ended, and returns it as the API gives it then. */
async function endedRun(id: string) {
  for (;;) {
    const { trainingRun } = await graphqlData(chorus.url, TrainingRunDocument, { id });
    if (['succeeded', 'failed', 'cancelled'].includes(trainingRun.status)) return trainingRun;
    await new Promise((r) => setTimeout(r, 300));
  }
}

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

    // The typed fields say what the raw JSON says.
    const raw = final.progress as { epoch: number; loss: number; f1: number; perLabel: object }[];
    expect(final.epochResults.map((e) => [e.epoch, e.fraction, e.loss, e.f1])).toEqual(
      raw.map((p) => [p.epoch, 1, p.loss, p.f1]),
    );
    const kept = final.metrics!.best as { epoch: number; perLabel: Record<string, object> };
    expect(final.bestEpoch).toBe(kept.epoch);
    expect(final.scores!.map((s) => s.label).sort()).toEqual(Object.keys(kept.perLabel).sort());
    for (const score of final.scores!)
      expect(score).toMatchObject({ ...kept.perLabel[score.label], auc: null });
    expect(final.learningCurve).toBeNull();
    expect(final.exclusive).toBeNull();
    const started = new Date(final.startedAt!).getTime();
    expect(final.elapsedSeconds).toBeCloseTo(
      (new Date(final.finishedAt!).getTime() - started) / 1000,
      2,
    );
    const { modelVersion } = await graphqlData(chorus.url, ModelVersionDocument, {
      id: String(final.modelVersionId),
    });
    expect(modelVersion).toMatchObject({
      f1: best.f1,
      datasets: ['gold'],
      trainingRunId: Number(run.id),
      scores: final.scores,
    });

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

  it('detects exclusive labels from one-hot textcat data, trains one softmax, and reports the curve', async () => {
    // 200 subjective then 200 objective sentences.
    const all = (await readFile(new URL('subj-sample.jsonl', FIXTURES), 'utf8')).trim().split('\n');
    const subj = all.map((l) => JSON.parse(l) as { text: string; cats: { OBJECTIVE: number } });
    const oneHot = subj.map(({ text, cats }) => ({
      text,
      cats: { OBJECTIVE: cats.OBJECTIVE, SUBJECTIVE: 1 - cats.OBJECTIVE },
    }));
    await postImport(chorus.url, '/api/datasets/subj-onehot/import?kind=textcat', jsonl(oneHot));
    const { startTrainingRun: run } = await graphqlData(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['subj-onehot'], epochs: 2, curve: true },
    });
    expect(run.exclusive).toBeNull();
    const final = await endedRun(run.id);
    expect(final).toMatchObject({ status: 'succeeded', exclusive: true, error: null });
    const [saved] = await sql<{ model: string }>(
      databaseUrl,
      `select model from model_version where id = $1`,
      [final.modelVersionId],
    );
    expect(JSON.parse(saved!.model)).toMatchObject({ exclusive: true });

    // Curve mode: two epochs on each of 25, 50, 75 and 100 % of the data, then the curve.
    expect(final.epochResults.map((e) => [e.fraction, e.epoch])).toEqual(
      [0.25, 0.5, 0.75, 1].flatMap((f) => [
        [f, 1],
        [f, 2],
      ]),
    );
    expect(final.learningCurve!.map((p) => p.fraction)).toEqual([0.25, 0.5, 0.75, 1]);
    const full = final.epochResults.filter((e) => e.fraction === 1);
    expect(final.learningCurve![3]!.f1).toBe(Math.max(...full.map((e) => e.f1)));
    expect(final.scores!.map((s) => s.label)).toEqual(['OBJECTIVE', 'SUBJECTIVE']);
    expect(final.scores!.every((s) => typeof s.auc === 'number')).toBe(true);
  });

  it('keeps independent labels when the textcat data is not one-hot, or when asked to', async () => {
    const records = [
      { text: 'a goal in the final minute', cats: { SPORT: 1, FOOD: 0 } },
      { text: 'pasta with a goal of cheese', cats: { SPORT: 1, FOOD: 1 } },
      { text: 'a quiet afternoon', cats: { SPORT: 0, FOOD: 0 } },
      { text: 'fresh bread and butter', cats: { SPORT: 0, FOOD: 1 } },
    ];
    await postImport(chorus.url, '/api/datasets/multi/import?kind=textcat', jsonl(records));
    const detected = await graphqlData(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['multi'], epochs: 1, evalSplit: 0.5 },
    });
    expect(await endedRun(detected.startTrainingRun.id)).toMatchObject({
      status: 'succeeded',
      exclusive: false,
    });
    const forced = await graphqlData(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['subj-onehot'], epochs: 1, exclusive: false },
    });
    expect(forced.startTrainingRun.exclusive).toBe(false);
    expect(await endedRun(forced.startTrainingRun.id)).toMatchObject({
      status: 'succeeded',
      exclusive: false,
    });
  });

  it('offers the word vectors installed here, and refuses others or exclusive on NER, naming the field', async () => {
    const { trainingOptions } = await graphqlData(chorus.url, TrainingOptionsDocument, {});
    expect(trainingOptions.vectors).toEqual((await winkVectorsPath()) === null ? [] : ['wink']);
    const unknown = await graphql(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['gold'], vectors: 'glove' },
    });
    expect(unknown.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'vectors' },
    });
    const ner = await graphql(chorus.url, StartTrainingRunDocument, {
      input: { datasets: ['gold'], exclusive: true },
    });
    expect(ner.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'exclusive' },
    });
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
