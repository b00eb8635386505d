import { DatasetKind } from '@chorus/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Dataset } from '../datasets/dataset.entity.js';
import { InputError, NotFoundError } from '../errors.js';
import { decodeCursor, toConnection, type Connection } from '../graphql/connection.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Trainer } from './trainer.js';
import { TrainingRun } from './training-run.entity.js';
import { installedVectors } from './word-vectors.js';

export interface StartTraining {
  datasets: string[];
  evalDataset?: string;
  evalSplit?: number;
  epochs?: number;
  seed?: number;
  curve?: boolean;
  /** Textcat: one softmax (true) or independent labels (false); undefined: detect from the data. */
  exclusive?: boolean | null;
  /** Word vectors by name, one of `installedVectors()`. */
  vectors?: string | null;
}

/** Checks the datasets (one kind), records the run, and queues it for a worker. */
export async function startTrainingRun(
  em: EntityManager,
  queue: JobQueue,
  input: StartTraining,
): Promise<TrainingRun> {
  if (input.datasets.length === 0)
    throw new InputError('name at least one dataset', { field: 'datasets' });
  const names = [
    ...new Set([...input.datasets, ...(input.evalDataset ? [input.evalDataset] : [])]),
  ];
  const found = await em.find(Dataset, { name: { $in: names } });
  for (const name of names)
    if (!found.some((d) => d.name === name)) throw new NotFoundError('dataset', name);
  const kinds = new Set(found.map((d) => d.kind));
  if (kinds.size > 1)
    throw new InputError('the datasets mix NER and textcat answers', { field: 'datasets' });
  const kind = found[0]!.kind;
  const exclusive = input.exclusive ?? undefined;
  if (exclusive !== undefined && kind !== DatasetKind.textcat)
    throw new InputError('only for text classification', { field: 'exclusive' });
  const vectors = input.vectors ?? undefined;
  if (vectors !== undefined) {
    const installed = await installedVectors();
    if (!installed.includes(vectors))
      throw new InputError(
        installed.length === 0
          ? 'no word vectors are installed on this server'
          : `expected one of ${installed.join(', ')}`,
        { field: 'vectors' },
      );
  }
  const split = input.evalSplit ?? 0.2;
  if (!input.evalDataset && !(split > 0 && split < 1))
    throw new InputError('must be between 0 and 1', { field: 'evalSplit' });
  const run = em.create(TrainingRun, {
    status: 'queued',
    kind,
    labels: [...new Set(found.flatMap((d) => d.labels))].sort(),
    datasets: input.datasets,
    evalDataset: input.evalDataset,
    evalSplit: split,
    epochs: input.epochs ?? (kind === DatasetKind.ner ? 10 : 5),
    seed: input.seed ?? 0,
    curve: input.curve ?? false,
    exclusive,
    vectors,
    progress: [],
    createdAt: new Date(),
  });
  await em.flush();
  run.jobId = (await queue.enqueueTraining({ runId: run.id })) ?? undefined;
  await em.flush();
  return run;
}

export async function findTrainingRun(em: EntityManager, id: number): Promise<TrainingRun> {
  const run = await em.findOne(TrainingRun, { id });
  if (!run) throw new NotFoundError('training run', String(id));
  return run;
}

/** Cancels a queued or running run: its job is withdrawn and a running worker thread stopped. */
export async function cancelTrainingRun(
  em: EntityManager,
  queue: JobQueue,
  trainer: Trainer,
  id: number,
): Promise<TrainingRun> {
  const run = await findTrainingRun(em, id);
  if (run.status !== 'queued' && run.status !== 'running') return run;
  if (run.jobId) await queue.cancel(run.jobId);
  run.status = 'cancelled';
  run.finishedAt = new Date();
  await em.flush();
  trainer.abort(id);
  return run;
}

export async function listTrainingRuns(
  em: EntityManager,
  first: number,
  after?: string | null,
): Promise<Connection<TrainingRun>> {
  const rows = await em.find(
    TrainingRun,
    { id: { $gt: decodeCursor(after) } },
    { orderBy: { id: 'asc' }, limit: first + 1 },
  );
  return toConnection(rows, first, after, () => em.count(TrainingRun));
}
