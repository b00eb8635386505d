import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
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
  return toConnection(rows, first, after, () => em.count(Dataset));
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
  return toConnection(rows, first, after, () => em.count(Annotation, where));
}

interface ExportRow {
  task: string;
  answer: AnswerKind;
  input_hash: string;
  task_hash: string;
  unix: string;
  session_id: string | null;
  annotator: string | null;
}

/**
 * Every answer of a dataset as lines of Prodigy JSONL (without the newline), in answer order,
 * from one snapshot: a cursor in a read-only repeatable-read transaction on a connection of its
 * own, fetched in batches so memory stays flat. (Keyset batches made PostgreSQL re-read the rest
 * of the dataset for every batch.) The task's stored JSON text gets the bookkeeping fields
 * spliced in before its closing brace instead of being parsed and serialized again: the task
 * never holds those fields (validate-task.ts), and integers arrive as decimal text, already JSON.
 */
export async function* exportLines(
  pool: pg.Pool,
  datasetName: string,
  filter: AnnotationFilter,
  batchSize = 2000,
): AsyncGenerator<string> {
  const client = await pool.connect();
  let open = true;
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: number }>(
      `select "id" from "dataset" where "name" = $1`,
      [datasetName],
    );
    if (!rows[0]) throw new NotFoundError('dataset', datasetName);
    const params: unknown[] = [rows[0].id];
    let where = `"dataset_id" = $1 and "undone_at" is null`;
    if (filter.answer) where += ` and "answer" = $${params.push(filter.answer)}`;
    if (filter.session !== undefined)
      where += ` and "session_id" = $${params.push(filter.session)}`;
    await client.query(
      `declare "answers" no scroll cursor for
       select "task"::text as "task", "answer", "input_hash", "task_hash",
              floor(extract(epoch from "timestamp"))::int8 as "unix", "session_id", "annotator"
       from "annotation" where ${where} order by "id"`,
      params,
    );
    for (;;) {
      const batch = await client.query<ExportRow>(`fetch ${batchSize} from "answers"`);
      for (const row of batch.rows) yield prodigyLine(row);
      if (batch.rows.length < batchSize) break;
    }
    await client.query('commit');
    open = false;
  } finally {
    // An export abandoned half-way (a closed download) ends here too: rolling back closes the
    // cursor before the connection goes back to the pool.
    if (open) await client.query('rollback').catch(() => {});
    client.release();
  }
}

function prodigyLine(row: ExportRow): string {
  const task = row.task.trimEnd();
  const empty = /^\{\s*\}$/.test(task);
  let line = `${task.slice(0, -1)}${empty ? '' : ','}"answer":"${row.answer}",`;
  line += `"_input_hash":${row.input_hash},"_task_hash":${row.task_hash},"_timestamp":${row.unix}`;
  if (row.session_id !== null) line += `,"_session_id":${JSON.stringify(row.session_id)}`;
  if (row.annotator !== null) line += `,"_annotator_id":${JSON.stringify(row.annotator)}`;
  return `${line}}`;
}
