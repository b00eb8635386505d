import type { EntityManager } from '@mikro-orm/postgresql';
import { parsePatterns, PatternParseError } from '@chorus/engine';
import { DatasetKind, Recipe, Routing, Sorter } from '@chorus/schema';
import { Dataset } from '../datasets/dataset.entity.js';
import { findDataset } from '../datasets/dataset.service.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { decodeCursor, toConnection, type Connection } from '../graphql/connection.js';
import { ModelVersion } from '../models/model-version.entity.js';
import { findModelVersion } from '../models/model-version.service.js';
import { findSource } from '../sources/source.service.js';
import type { StreamRegistry } from './stream-registry.js';
import { Stream } from './stream.entity.js';

export interface NewStream {
  name: string;
  dataset: string;
  /** Where inputs come from; review streams read `reviewOf` instead. */
  source?: string;
  reviewOf?: string;
  recipe: Recipe;
  labels: string[];
  exclusive?: boolean;
  patterns?: string;
  sorter?: Sorter;
  routing?: Routing;
  annotationsPerTask?: number;
  exclude?: string[];
  baseModelVersion?: number;
  snapshotEvery?: number;
  /** How many answers are wanted. */
  target?: number;
}

const KIND_OF_RECIPE: Record<Recipe, DatasetKind | undefined> = {
  [Recipe.ner_teach]: DatasetKind.ner,
  [Recipe.ner_correct]: DatasetKind.ner,
  [Recipe.ner_manual]: DatasetKind.ner,
  [Recipe.textcat_teach]: DatasetKind.textcat,
  [Recipe.textcat_manual]: DatasetKind.textcat,
  [Recipe.mark]: undefined,
  [Recipe.review]: undefined,
};

/** Checks a stream's settings against its dataset, source and patterns, then saves it. */
export async function createStream(em: EntityManager, input: NewStream): Promise<Stream> {
  const name = input.name.trim();
  if (!/^[\w.-]{1,100}$/.test(name))
    throw new InputError('use 1 to 100 letters, digits, "_", "-" or "."', { field: 'name' });
  if (await em.count(Stream, { name })) throw new ConflictError(`stream "${name}" already exists`);
  const reviewing = input.recipe === Recipe.review;
  if (reviewing && !input.reviewOf)
    throw new InputError('name the dataset to review', { field: 'reviewOf' });
  if (!reviewing && !input.source)
    throw new InputError('name the source to read', { field: 'source' });
  const source = input.source ? await findSource(em, input.source) : undefined;
  const reviewOf = reviewing ? await findDataset(em, input.reviewOf!) : undefined;
  const dataset = await datasetOfStream(em, input, reviewOf);
  if (reviewOf && reviewOf.kind !== dataset.kind) {
    throw new InputError(
      `"${reviewOf.name}" is ${reviewOf.kind}, "${dataset.name}" is ${dataset.kind}`,
      { field: 'reviewOf' },
    );
  }
  if (reviewOf && reviewOf.id === dataset.id) {
    throw new InputError('reviews go to a dataset of their own', { field: 'dataset' });
  }
  const kind = KIND_OF_RECIPE[input.recipe];
  if (kind !== undefined && kind !== dataset.kind) {
    throw new InputError(
      `recipe ${input.recipe} needs a ${kind} dataset, "${dataset.name}" is ${dataset.kind}`,
      { field: 'recipe' },
    );
  }
  const labels = [
    ...new Set([...input.labels, ...(reviewOf?.labels ?? [])].map((l) => l.trim()).filter(Boolean)),
  ];
  if (labels.length === 0 && input.recipe !== Recipe.mark)
    throw new InputError('name at least one label', { field: 'labels' });
  if (input.patterns) {
    try {
      for (const pattern of parsePatterns(input.patterns)) {
        if (!labels.includes(pattern.label)) labels.push(pattern.label);
      }
    } catch (error) {
      if (error instanceof PatternParseError)
        throw new InputError(`patterns: ${error.message}`, { field: 'patterns' });
      throw error;
    }
  }
  if (input.target !== undefined && !(Number.isInteger(input.target) && input.target >= 1))
    throw new InputError('want at least 1 answer', { field: 'target' });
  for (const excluded of input.exclude ?? []) await findDataset(em, excluded);
  if (input.baseModelVersion !== undefined) {
    const base = await em.findOne(ModelVersion, { id: input.baseModelVersion });
    if (!base) throw new NotFoundError('model version', String(input.baseModelVersion));
    if (base.kind !== dataset.kind)
      throw new InputError(
        `model version ${base.id} is ${base.kind}, the dataset is ${dataset.kind}`,
        { field: 'baseModelVersion' },
      );
  }
  const stream = em.create(Stream, {
    name,
    dataset,
    source,
    reviewOf,
    recipe: input.recipe,
    labels,
    exclusive: input.exclusive ?? false,
    patterns: input.patterns,
    sorter: input.sorter ?? (input.recipe === Recipe.mark ? Sorter.random : Sorter.uncertain),
    routing: input.routing ?? Routing.single,
    annotationsPerTask: Math.max(1, input.annotationsPerTask ?? 1),
    exclude: input.exclude ?? [],
    snapshotEvery: Math.max(1, input.snapshotEvery ?? 500),
    baseModelVersionId: input.baseModelVersion,
    target: input.target,
    createdAt: new Date(),
  });
  const merged = [...new Set([...dataset.labels, ...labels])].sort();
  if (merged.length !== dataset.labels.length) dataset.labels = merged;
  await em.flush();
  return stream;
}

/**
 * The dataset a new stream writes to. As with `db-in`, a name seen for the first time is a new
 * dataset: of the recipe's kind (a review's: the reviewed dataset's; `mark`: textcat), its labels
 * the stream's (added by `createStream`, as to an existing dataset that lacks some).
 */
async function datasetOfStream(
  em: EntityManager,
  input: NewStream,
  reviewOf: Dataset | undefined,
): Promise<Dataset> {
  const existing = await em.findOne(Dataset, { name: input.dataset });
  if (existing) return existing;
  const name = input.dataset.trim();
  if (!/^[\w.-]{1,100}$/.test(name))
    throw new InputError('use 1 to 100 letters, digits, "_", "-" or "."', { field: 'dataset' });
  return em.create(Dataset, {
    name,
    kind: KIND_OF_RECIPE[input.recipe] ?? reviewOf?.kind ?? DatasetKind.textcat,
    labels: [],
    createdAt: new Date(),
  });
}

/**
 * Switches a stream's in-loop model to a model version (a training run's, say): the pool is
 * scored again by it, the stream's clients get `model_switched`, and after a restart the stream
 * starts from it.
 */
export async function setStreamModel(
  em: EntityManager,
  streams: StreamRegistry,
  name: string,
  versionId: number,
): Promise<Stream> {
  const stream = await findStream(em, name);
  const version = await findModelVersion(em, versionId);
  await (await streams.get(stream.id)).useModelVersion(version.id);
  stream.baseModelVersionId = version.id;
  await em.flush();
  return stream;
}

export async function findStream(em: EntityManager, name: string): Promise<Stream> {
  const stream = await em.findOne(Stream, { name }, { populate: ['dataset', 'source'] });
  if (!stream) throw new NotFoundError('stream', name);
  return stream;
}

export async function listStreams(
  em: EntityManager,
  first: number,
  after?: string | null,
): Promise<Connection<Stream>> {
  const rows = await em.find(
    Stream,
    { id: { $gt: decodeCursor(after) } },
    { orderBy: { id: 'asc' }, limit: first + 1, populate: ['dataset', 'source'] },
  );
  return toConnection(rows, first, after, () => em.count(Stream));
}
