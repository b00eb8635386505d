import {
  exclusiveGold,
  exportModelVersion,
  mergeExamples,
  modelFromJSON,
  trainInWorker,
  type TrainResult,
} from '@chorus/engine';
import type pg from 'pg';
import { Topic, type TrainingRunPayload } from '../events.js';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import type { StoredEpoch } from './run-scores.js';
import { vectorsSource } from './word-vectors.js';

interface RunRow {
  id: number;
  status: string;
  kind: 'ner' | 'textcat';
  labels: string[];
  datasets: string[];
  eval_dataset: string | null;
  eval_split: number;
  epochs: number;
  seed: number;
  curve: boolean;
  exclusive: boolean | null;
  vectors: string | null;
  model_version_id: number | null;
}

/**
 * Runs training jobs taken from the queue: loads the answers, trains in a worker thread (never
 * on the API's event loop), reports every epoch, and publishes the best epoch as a model version
 * with its ONNX artifact. A retried job finds its version already there and changes nothing.
 */
export class Trainer {
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly deps: { pool: pg.Pool; pubsub: PubSub; logger: Logger }) {}

  /** Stops a run in this process, if it runs here. */
  abort(runId: number): boolean {
    const controller = this.running.get(runId);
    controller?.abort(new Error('cancelled'));
    return controller !== undefined;
  }

  async run(runId: number): Promise<void> {
    const { pool, logger } = this.deps;
    // A job retried while its first attempt still runs here (it outlived the job timeout).
    if (this.running.has(runId)) return;
    const started = await pool.query<RunRow>(
      `update training_run set status = 'running', started_at = now(), progress = '[]', error = null
       where id = $1 and status in ('queued', 'running') returning *`,
      [runId],
    );
    const run = started.rows[0];
    // Finished, cancelled, or already published by an earlier attempt: nothing to do.
    if (!run || run.model_version_id !== null) return;
    await this.publish(runId);
    const controller = new AbortController();
    this.running.set(runId, controller);
    try {
      const train = await this.answers(run.datasets);
      const evalSet = run.eval_dataset ? await this.answers([run.eval_dataset]) : undefined;
      const exclusive = await this.exclusive(run, train, evalSet);
      const progress: StoredEpoch[] = [];
      const result = await trainInWorker({
        kind: run.kind,
        labels: run.labels,
        train,
        eval: evalSet,
        evalSplit: run.eval_split,
        epochs: run.epochs,
        seed: run.seed,
        curve: run.curve,
        exclusive,
        vectors: run.vectors === null ? undefined : vectorsSource(run.vectors),
        signal: controller.signal,
        onProgress: ({ metrics, fraction }) => {
          progress.push({ ...metrics, fraction });
          void pool
            .query(`update training_run set progress = $2 where id = $1`, [
              runId,
              JSON.stringify(progress),
            ])
            .then(() => this.publish(runId));
        },
      });
      await this.publishVersion(run, result);
      logger.info({ run: runId, f1: result.metrics.best.f1 }, 'training run succeeded');
    } catch (error) {
      const cancelled = controller.signal.aborted;
      await pool.query(
        `update training_run set status = $2, error = $3, finished_at = now() where id = $1 and status = 'running'`,
        [runId, cancelled ? 'cancelled' : 'failed', cancelled ? null : (error as Error).message],
      );
      if (!cancelled) logger.error({ err: error, run: runId }, 'training run failed');
    } finally {
      this.running.delete(runId);
      await this.publish(runId);
    }
  }

  /**
   * Textcat runs that did not say whether their labels exclude each other find out from the
   * data, as `train-file` does (`exclusiveGold`: every input one-hot over two or more labels), and
   * record it before the first epoch.
   */
  private async exclusive(
    run: RunRow,
    train: Record<string, unknown>[],
    evalSet: Record<string, unknown>[] | undefined,
  ): Promise<boolean | undefined> {
    if (run.kind !== 'textcat') return undefined;
    if (run.exclusive !== null) return run.exclusive;
    const examples = mergeExamples([...train, ...(evalSet ?? [])], 'textcat', {
      labels: run.labels,
    });
    const exclusive = exclusiveGold(examples, run.labels);
    await this.deps.pool.query(`update training_run set exclusive = $2 where id = $1`, [
      run.id,
      exclusive,
    ]);
    await this.publish(run.id);
    return exclusive;
  }

  private async answers(datasets: string[]): Promise<Record<string, unknown>[]> {
    const rows = await this.deps.pool.query<{
      task: Record<string, unknown>;
      answer: string;
      input_hash: string;
    }>(
      `select a.task, a.answer, a.input_hash from annotation a join dataset d on d.id = a.dataset_id
       where d.name = any($1::text[]) and a.undone_at is null order by a.id`,
      [datasets],
    );
    return rows.rows.map((r) => ({
      ...r.task,
      answer: r.answer,
      _input_hash: Number(r.input_hash),
    }));
  }

  /** Stores the version and marks the run done in one transaction; a second attempt adds nothing. */
  private async publishVersion(run: RunRow, result: TrainResult): Promise<void> {
    const metrics = { ...result.metrics, ...(result.curve ? { curve: result.curve } : {}) };
    const artifact = exportModelVersion(modelFromJSON(result.model), { metrics });
    const client = await this.deps.pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query<{ id: number }>(
        `insert into model_version (kind, labels, model, metrics, training_run_id, onnx, answers_seen)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (training_run_id) do nothing returning id`,
        [
          run.kind,
          run.labels,
          JSON.stringify(result.model),
          JSON.stringify(metrics),
          run.id,
          Buffer.from(artifact.onnx),
          result.metrics.trainExamples,
        ],
      );
      const versionId =
        inserted.rows[0]?.id ??
        (
          await client.query<{ id: number }>(
            `select id from model_version where training_run_id = $1`,
            [run.id],
          )
        ).rows[0]!.id;
      await client.query(
        `update training_run set status = 'succeeded', metrics = $2, model_version_id = $3, finished_at = now() where id = $1`,
        [run.id, JSON.stringify(metrics), versionId],
      );
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }

  private async publish(runId: number): Promise<void> {
    const { rows } = await this.deps.pool.query(`select * from training_run where id = $1`, [
      runId,
    ]);
    const r = rows[0];
    if (!r) return;
    const payload: TrainingRunPayload = {
      id: r.id,
      status: r.status,
      kind: r.kind,
      labels: r.labels,
      datasets: r.datasets,
      evalDataset: r.eval_dataset,
      evalSplit: r.eval_split,
      epochs: r.epochs,
      seed: r.seed,
      curve: r.curve,
      exclusive: r.exclusive,
      vectors: r.vectors,
      progress: r.progress,
      metrics: r.metrics,
      modelVersionId: r.model_version_id,
      error: r.error,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    };
    this.deps.pubsub.publish(Topic.TRAINING_RUN, String(runId), payload);
  }
}
