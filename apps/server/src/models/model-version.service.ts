import {
  exportModelVersion,
  loadOnnxModel,
  modelFromJSON,
  tokenize,
  type OnnxScorer,
} from '@chorus/engine';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { InputError, NotFoundError } from '../errors.js';
import { decodeCursor, toConnection, type Connection } from '../graphql/connection.js';
import { Stream } from '../streams/stream.entity.js';
import { TrainingRun } from '../training/training-run.entity.js';
import { ModelVersion } from './model-version.entity.js';

export async function findModelVersion(em: EntityManager, id: number): Promise<ModelVersion> {
  const version = await em.findOne(ModelVersion, { id });
  if (!version) throw new NotFoundError('model version', String(id));
  return version;
}

export async function listModelVersions(
  em: EntityManager,
  first: number,
  after?: string | null,
): Promise<Connection<ModelVersion>> {
  const rows = await em.find(
    ModelVersion,
    { id: { $gt: decodeCursor(after) } },
    { orderBy: { id: 'asc' }, limit: first + 1 },
  );
  await loadOrigins(em, rows);
  return toConnection(rows, first, after, () => em.count(ModelVersion));
}

/**
 * Loads the training runs and streams a page of versions came from, in two queries, so that
 * `versionDatasets` finds them in the identity map instead of asking once per version.
 */
async function loadOrigins(em: EntityManager, versions: ModelVersion[]): Promise<void> {
  const runIds = versions.flatMap((v) => (v.trainingRunId ? [v.trainingRunId] : []));
  const streamIds = versions.flatMap((v) => (v.streamId ? [v.streamId] : []));
  if (runIds.length > 0) await em.find(TrainingRun, { id: { $in: runIds } });
  if (streamIds.length > 0)
    await em.find(Stream, { id: { $in: streamIds } }, { populate: ['dataset'] });
}

/** The datasets a version learnt from: its training run's, or its stream's dataset. */
export async function versionDatasets(em: EntityManager, version: ModelVersion): Promise<string[]> {
  if (version.trainingRunId) {
    const run = await em.findOne(TrainingRun, { id: version.trainingRunId });
    return run?.datasets ?? [];
  }
  if (version.streamId) {
    const stream = await em.findOne(Stream, { id: version.streamId }, { populate: ['dataset'] });
    return stream ? [stream.dataset.name] : [];
  }
  return [];
}

/** A version's ONNX bytes, exported when it was published (training runs) or now (snapshots). */
export async function onnxArtifact(pool: pg.Pool, id: number): Promise<Buffer> {
  const { rows } = await pool.query<{ onnx: Buffer | null; model: string }>(
    `select onnx, model from model_version where id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError('model version', String(id));
  if (row.onnx) return row.onnx;
  const { onnx } = exportModelVersion(modelFromJSON(JSON.parse(row.model)));
  await pool.query(`update model_version set onnx = $2 where id = $1`, [id, Buffer.from(onnx)]);
  return Buffer.from(onnx);
}

/**
 * Scores texts with a version's ONNX graph (ONNX Runtime), for notebooks. Scorers are cached per
 * version: versions never change.
 */
export class Predictor {
  private readonly scorers = new Map<number, Promise<OnnxScorer>>();

  constructor(private readonly pool: pg.Pool) {}

  async predict(id: number, texts: string[]): Promise<Record<string, unknown>[]> {
    if (texts.length > 10_000)
      throw new InputError('at most 10,000 texts a call', { field: 'texts' });
    let scorer = this.scorers.get(id);
    if (!scorer) {
      scorer = onnxArtifact(this.pool, id).then((bytes) => loadOnnxModel(bytes));
      this.scorers.set(id, scorer);
      scorer.catch(() => this.scorers.delete(id));
    }
    const model = await scorer;
    if (model.kind === 'textcat') {
      const scores = await model.scoreTexts(texts, { batchSize: 256 });
      const labels = model.metadata.labels;
      return texts.map((text, i) => ({
        text,
        cats: Object.fromEntries(labels.map((l, k) => [l, scores[i]![k]])),
      }));
    }
    const sentences = texts.map((text) => tokenize(text));
    const predictions = await model.predictSentences(sentences, { batchSize: 256 });
    return texts.map((text, i) => ({ text, tokens: sentences[i], spans: predictions[i]!.spans }));
  }

  async close(): Promise<void> {
    for (const scorer of this.scorers.values())
      await (await scorer.catch(() => undefined))?.close();
  }
}
