import type { EntityManager } from '@mikro-orm/postgresql';
import { AnswerKind, DatasetKind } from '@chorus/schema';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { decodeCursor, toConnection, type Connection } from '../graphql/connection.js';
import { Annotation } from './annotation.entity.js';
import { Dataset } from './dataset.entity.js';

export interface NewDataset {
  name: string;
  kind: DatasetKind;
  labels?: string[];
  description?: string;
}

export interface AnnotationFilter {
  answer?: AnswerKind;
  session?: string;
}

export interface DatasetCounts {
  total: number;
  byAnswer: { answer: AnswerKind; count: number }[];
  byLabel: { label: string; count: number }[];
  bySession: { session: string | null; count: number }[];
}

export async function listDatasets(
  em: EntityManager,
  first: number,
  after?: string,
): Promise<Connection<Dataset>> {
  const rows = await em.find(
    Dataset,
    { id: { $gt: decodeCursor(after) } },
    { orderBy: { id: 'asc' }, limit: first + 1 },
  );
  return toConnection(rows, first, after, await em.count(Dataset));
}

export async function findDataset(em: EntityManager, name: string): Promise<Dataset> {
  const dataset = await em.findOne(Dataset, { name });
  if (!dataset) throw new NotFoundError('dataset', name);
  return dataset;
}

export async function createDataset(em: EntityManager, input: NewDataset): Promise<Dataset> {
  const name = input.name.trim();
  if (!/^[\w.-]{1,100}$/.test(name)) {
    throw new InputError('use 1 to 100 letters, digits, "_", "-" or "."', { field: 'name' });
  }
  if (await em.count(Dataset, { name }))
    throw new ConflictError(`dataset "${name}" already exists`);
  const dataset = em.create(Dataset, {
    name,
    kind: input.kind,
    labels: [...new Set(input.labels ?? [])].sort(),
    description: input.description,
    createdAt: new Date(),
  });
  await em.flush();
  return dataset;
}

/** Deletes a dataset and all its answers; the name must be typed twice, as a confirmation. */
export async function deleteDataset(
  em: EntityManager,
  name: string,
  confirmName: string,
): Promise<number> {
  if (confirmName !== name) {
    throw new InputError(`type the dataset name "${name}" again to confirm`, {
      field: 'confirmName',
    });
  }
  const dataset = await findDataset(em, name);
  const answers = await em.count(Annotation, { dataset });
  await em.nativeDelete(Dataset, { id: dataset.id });
  return answers;
}

export async function datasetCounts(em: EntityManager, datasetId: number): Promise<DatasetCounts> {
  const connection = em.getConnection();
  const [byAnswer, byLabel, bySession] = await Promise.all([
    connection.execute<{ answer: AnswerKind; count: number }[]>(
      `select "answer", count(*)::int as "count" from "annotation" where "dataset_id" = ? and "undone_at" is null group by 1 order by 1`,
      [datasetId],
    ),
    connection.execute<{ label: string; count: number }[]>(
      `select "label", count(*)::int as "count" from (
         select "task"->>'label' as "label" from "annotation" where "dataset_id" = ? and "undone_at" is null
         union all
         select s->>'label' from "annotation" a,
           json_array_elements(case when json_typeof(a."task"->'spans') = 'array' then a."task"->'spans' else '[]' end) s
         where a."dataset_id" = ? and a."undone_at" is null
       ) l where "label" is not null group by 1 order by 1`,
      [datasetId, datasetId],
    ),
    connection.execute<{ session: string | null; count: number }[]>(
      `select "session_id" as "session", count(*)::int as "count" from "annotation" where "dataset_id" = ? and "undone_at" is null group by 1 order by 1`,
      [datasetId],
    ),
  ]);
  return { total: byAnswer.reduce((sum, row) => sum + row.count, 0), byAnswer, byLabel, bySession };
}

function annotationWhere(datasetId: number, filter: AnnotationFilter) {
  return {
    dataset: datasetId,
    undoneAt: null,
    ...(filter.answer ? { answer: filter.answer } : {}),
    ...(filter.session !== undefined ? { sessionId: filter.session } : {}),
  };
}

export async function annotationsPage(
  em: EntityManager,
  datasetId: number,
  filter: AnnotationFilter,
  first: number,
  after?: string,
): Promise<Connection<Annotation>> {
  const where = annotationWhere(datasetId, filter);
  const rows = await em.find(
    Annotation,
    { ...where, id: { $gt: decodeCursor(after) } },
    { orderBy: { id: 'asc' }, limit: first + 1 },
  );
  return toConnection(rows, first, after, await em.count(Annotation, where));
}

/** Every answer of a dataset in Prodigy's JSONL record shape, read in keyset batches. */
export async function* exportAnnotations(
  em: EntityManager,
  datasetName: string,
  filter: AnnotationFilter,
  batchSize = 1000,
): AsyncGenerator<Record<string, unknown>> {
  const dataset = await findDataset(em, datasetName);
  const where = annotationWhere(dataset.id, filter);
  let lastId = 0;
  for (;;) {
    const rows = await em.find(
      Annotation,
      { ...where, id: { $gt: lastId } },
      { orderBy: { id: 'asc' }, limit: batchSize },
    );
    for (const row of rows) yield toProdigyRecord(row);
    if (rows.length < batchSize) return;
    lastId = rows.at(-1)!.id;
    em.clear();
  }
}

export function toProdigyRecord(row: Annotation): Record<string, unknown> {
  const record: Record<string, unknown> = {
    ...row.task,
    answer: row.answer,
    _input_hash: row.inputHash,
    _task_hash: row.taskHash,
    _timestamp: Math.floor(row.timestamp.getTime() / 1000),
  };
  if (row.sessionId != null) record._session_id = row.sessionId;
  if (row.annotator != null) record._annotator_id = row.annotator;
  return record;
}
