import {
  ModelVersionsDocument,
  StartTrainingRunDocument,
  TrainingRunDocument,
} from '@chorus/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/chorus-api.js';
import { startRestartableServer, type RestartableServer } from '../support/processes.js';
import { answerKeys, OutboxAnnotator, storedAnswers } from './outbox-annotator.js';
import { CONLL_GOLD_SAMPLE } from '../support/samples.js';
import { createTextcatStream, importLines } from './streams.js';

/** Answers acknowledged across the three annotators before the server is killed. */
const ACKNOWLEDGED_BEFORE_KILL = 45;

describe('a server killed with SIGKILL while three annotators answer', () => {
  let server: RestartableServer;
  const annotators = ['ann', 'bob', 'cy'].map((name) => new OutboxAnnotator(name, 'sms'));

  beforeAll(async () => {
    server = await startRestartableServer();
    await createTextcatStream(server.url, 'sms');
  });
  afterAll(async () => {
    await Promise.all(annotators.map((a) => a.close()));
    await server?.stop();
  });

  it('keeps every acknowledged answer exactly once, and resent answers are not duplicated', async () => {
    await Promise.all(annotators.map((a) => a.connect(server.url)));
    const acknowledged = () => annotators.reduce((n, a) => n + a.acknowledged.size, 0);
    const answering = annotators.map((a) => a.answerUntil(server.url, () => false));
    await expect
      .poll(acknowledged, { timeout: 30_000, interval: 5 })
      .toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
    expect(await server.current.stop('SIGKILL')).toBeNull();
    await Promise.all(answering); // each stops at its first unreachable answer
    const acknowledgedBeforeKill = annotators.flatMap((a) => [...a.acknowledged.values()]);

    await server.restart();
    const resent = await Promise.all(annotators.map((a) => a.resend(server.url, 3)));
    // The repeated acknowledged answers (the last 3 of each annotator) changed nothing.
    for (const results of resent) expect(results.slice(-3).every((r) => r.duplicate)).toBe(true);
    expect(annotators.every((a) => a.outbox.size === 0)).toBe(true);

    const stored = await storedAnswers(server.url, 'sms');
    expect(stored).toEqual(answerKeys(annotators.flatMap((a) => a.allSent())));
    expect(stored).toEqual(expect.arrayContaining(answerKeys(acknowledgedBeforeKill)));
    expect(new Set(stored).size).toBe(stored.length);
  });
});

describe('a training worker killed mid-run', () => {
  // The trainer is a worker thread of the server process: it dies with it. A short job timeout
  // lets the queue hand the run's job to the restarted server within seconds.
  const jobTiming = { TRAINING_JOB_TIMEOUT_S: '3', JOB_MAINTENANCE_S: '1' };
  let server: RestartableServer;

  beforeAll(async () => {
    server = await startRestartableServer(jobTiming);
    // Gold NER answers, enough that 30 epochs outlast the kill.
    await importLines(server.url, 'dataset', 'gold', {
      file: CONLL_GOLD_SAMPLE,
      count: 600,
    });
  });
  afterAll(async () => server?.stop());

  const runStatus = async (id: string) =>
    (await graphql(server.url, TrainingRunDocument, { id })).trainingRun.status;

  it('is retried or marked failed after a restart, never left running', async () => {
    const { startTrainingRun: run } = await graphql(server.url, StartTrainingRunDocument, {
      input: { datasets: ['gold'], epochs: 30, seed: 1 },
    });
    await expect.poll(() => runStatus(run.id), { timeout: 20_000, interval: 100 }).toBe('running');
    expect(await server.current.stop('SIGKILL')).toBeNull();

    await server.restart();
    await expect
      .poll(() => runStatus(run.id), { timeout: 60_000, interval: 500 })
      .toMatch(/^(succeeded|failed)$/);
    const { modelVersions } = await graphql(server.url, ModelVersionsDocument, { first: 50 });
    const versions = modelVersions.edges.filter(
      ({ node }) => node.trainingRunId === Number(run.id),
    );
    const { trainingRun } = await graphql(server.url, TrainingRunDocument, { id: run.id });
    expect(versions.map(({ node }) => Number(node.id))).toEqual(
      trainingRun.status === 'succeeded' ? [trainingRun.modelVersionId] : [],
    );
  });
});
