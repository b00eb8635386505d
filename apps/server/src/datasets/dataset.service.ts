import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { AnswerKind, DatasetKind } from '@chorus/schema';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { decodeCursor, toConnection, type Connection } from '../graphql/connection.js';
import { computeAgreement, type AgreementAnswer, type AgreementReport } from './agreement.js';
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

/** What the annotation browser can narrow answers down to, beyond the export's filters. */
export interface AnnotationSearch extends AnnotationFilter {
  /** The task's `label`, one of its spans' labels, or one of its cats from 0.5. */
  label?: string;
  /** A piece of the text, any case. */
  search?: string;
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
  after?: string | null,
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

/** The name rule of datasets, shared by everything else a person names (users). */
export function checkName(raw: string, field = 'name'): string {
  const name = raw.trim();
  if (!/^[\w.-]{1,100}$/.test(name)) {
    throw new InputError('use 1 to 100 letters, digits, "_", "-" or "."', { field });
  }
  return name;
}

export async function createDataset(em: EntityManager, input: NewDataset): Promise<Dataset> {
  const name = checkName(input.name);
  if (await em.count(Dataset, { name }))
    throw new ConflictError(`dataset "${name}" already exists`);
  const dataset = em.create(Dataset, {
    name,
    kind: input.kind,
    // In the order typed: the first labels are often the ones a stream should ask about first.
    labels: [...new Set(input.labels ?? [])],
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

/**
 * The labels an answer names, one row each (`"label"`), for the annotation aliased `a`: the
 * task's `label`, its spans' labels, and its cats from 0.5 (Prodigy's threshold: `{"SPAM": 0}`
 * is not SPAM). A lateral subquery, so the counts and the label filter read labels alike.
 */
const TASK_LABELS = `(
  select a."task"->>'label' as "label"
  union
  select s->>'label' from json_array_elements(
    case when json_typeof(a."task"->'spans') = 'array' then a."task"->'spans' else '[]' end) s
  union
  select c.key from json_each(
    case when json_typeof(a."task"->'cats') = 'object' then a."task"->'cats' else '{}' end) c
  where json_typeof(c.value) = 'number' and c.value::text::float8 >= 0.5
)`;

export async function datasetCounts(em: EntityManager, datasetId: number): Promise<DatasetCounts> {
  const connection = em.getConnection();
  const [byAnswer, byLabel, bySession] = await Promise.all([
    connection.execute<{ answer: AnswerKind; count: number }[]>(
      `select "answer", count(*)::int as "count" from "annotation" where "dataset_id" = ? and "undone_at" is null group by 1 order by 1`,
      [datasetId],
    ),
    connection.execute<{ label: string; count: number }[]>(
      `select l."label", count(*)::int as "count"
       from "annotation" a cross join lateral ${TASK_LABELS} l
       where a."dataset_id" = ? and a."undone_at" is null and l."label" is not null
       group by 1 order by 1`,
      [datasetId],
    ),
    connection.execute<{ session: string | null; count: number }[]>(
      `select "session_id" as "session", count(*)::int as "count" from "annotation" where "dataset_id" = ? and "undone_at" is null group by 1 order by 1`,
      [datasetId],
    ),
  ]);
  return { total: byAnswer.reduce((sum, row) => sum + row.count, 0), byAnswer, byLabel, bySession };
}

/** `100%_done` → `100\\%\\_done`: a LIKE pattern matching the text as typed. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The dataset's answers that pass the filters, as a query builder over `a`. */
function annotationQuery(em: EntityManager, datasetId: number, filter: AnnotationSearch) {
  const qb = em.createQueryBuilder(Annotation, 'a').where({ dataset: datasetId, undoneAt: null });
  if (filter.answer) qb.andWhere({ answer: filter.answer });
  if (filter.session !== undefined) qb.andWhere({ sessionId: filter.session });
  if (filter.label !== undefined) {
    qb.andWhere(`exists (select 1 from ${TASK_LABELS} l where l."label" = ?)`, [filter.label]);
  }
  if (filter.search) {
    qb.andWhere(`a."task"->>'text' ilike ? escape '\\'`, [`%${escapeLike(filter.search)}%`]);
  }
  return qb;
}

export async function annotationsPage(
  em: EntityManager,
  datasetId: number,
  filter: AnnotationSearch,
  first: number,
  after?: string | null,
): Promise<Connection<Annotation>> {
  const rows = await annotationQuery(em, datasetId, filter)
    .andWhere({ id: { $gt: decodeCursor(after) } })
    .orderBy({ id: 'asc' })
    .limit(first + 1)
    .getResultList();
  return toConnection(rows, first, after, () => annotationQuery(em, datasetId, filter).getCount());
}

/**
 * Agreement between the sessions of a dataset (see agreement.ts). Only inputs answered by two
 * sessions or more can show any, so only their answers are read.
 */
export async function datasetAgreement(
  em: EntityManager,
  datasetId: number,
): Promise<AgreementReport> {
  const rows = await em.getConnection().execute<
    {
      id: string;
      session_id: string;
      input_hash: string;
      task_hash: string;
      answer: AnswerKind;
      task: Record<string, unknown>;
    }[]
  >(
    `select "id", "session_id", "input_hash", "task_hash", "answer",
            json_build_object('_view_id', "task"->'_view_id', 'label', "task"->'label',
              'spans', "task"->'spans', 'options', "task"->'options', 'accept', "task"->'accept',
              'cats', "task"->'cats') as "task"
     from "annotation"
     where "dataset_id" = ? and "undone_at" is null and "session_id" is not null
       and "input_hash" in (
         select "input_hash" from "annotation"
         where "dataset_id" = ? and "undone_at" is null and "session_id" is not null
         group by 1 having count(distinct "session_id") > 1)`,
    [datasetId, datasetId],
  );
  return computeAgreement(
    rows.map((row): AgreementAnswer => ({
      id: Number(row.id),
      session: row.session_id,
      inputHash: Number(row.input_hash),
      taskHash: Number(row.task_hash),
      answer: row.answer,
      task: row.task,
    })),
  );
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
  filter: AnnotationFilter & {
    /** Every answer about one input together, inputs in the order of their first answer. */
    byInput?: boolean;
  },
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
       from "annotation" where ${where}
       order by ${filter.byInput ? `min("id") over (partition by "input_hash"), ` : ''}"id"`,
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
