import { hash53 } from '@chorus/engine';
import { DatasetKind } from '@chorus/schema';
import type pg from 'pg';
import { InputError } from '../errors.js';
import { CopyWriter, type CopyColumn, type CopyType, type CopyValue } from './copy-writer.js';
import type { ValidTask } from './validate-task.js';

/**
 * Where an import writes. Rows are streamed into a temporary staging table with COPY, then moved
 * into the real table in one statement that skips duplicates, inside the import's transaction.
 */
export interface ImportTargetWriter {
  /** Checks a record against the target (e.g. spans in a textcat dataset) and stages it. */
  add(task: ValidTask, line: number): Promise<void>;
  /** Moves the staged rows in; returns how many were new and how many were duplicates. */
  finish(): Promise<{ inserted: number; duplicates: number }>;
  abort(error: Error): void;
}

/** How each SQL type of a staging table travels in binary COPY. */
const COPY_TYPES: Record<string, CopyType> = {
  int: 'int4',
  bigint: 'int8',
  timestamptz: 'timestamptz',
  text: 'text',
  json: 'text',
  answer_kind: 'text',
};

async function stage(client: pg.PoolClient, columns: string): Promise<CopyWriter> {
  await client.query(`create temp table staged (${columns}) on commit drop`);
  return new CopyWriter(
    client,
    'staged',
    columns.split(',').map((column) => {
      const [name, type] = column.trim().split(' ') as [string, string];
      return { name, type: COPY_TYPES[type]! };
    }),
  );
}

export async function openSource(client: pg.PoolClient, name: string): Promise<ImportTargetWriter> {
  const { rows } = await client.query<{ id: number; next: number }>(
    `insert into "source" ("name") values ($1) on conflict ("name") do update set "name" = excluded."name"
     returning "id", (select coalesce(max("position") + 1, 0) from "input" where "source_id" = "source"."id")::int as "next"`,
    [name],
  );
  const { id, next } = rows[0]!;
  const staged = await stage(client, 'n int, h bigint, t text, d json');
  let count = 0;
  return {
    async add(task) {
      const { text: _text, ...data } = task.task;
      await staged.write([count++, task.inputHash, task.text, JSON.stringify(data)]);
    },
    async finish() {
      await staged.end();
      const result = await client.query(
        `insert into "input" ("source_id", "input_hash", "position", "text", "data")
         select $1, h, $2 + n, t, d from staged order by n
         on conflict ("source_id", "input_hash") do nothing`,
        [id, next],
      );
      return { inserted: result.rowCount ?? 0, duplicates: count - (result.rowCount ?? 0) };
    },
    abort: (error) => staged.abort(error),
  };
}

const ANNOTATION_COLUMNS: CopyColumn[] = [
  { name: 'input_hash', type: 'int8' },
  { name: 'task_hash', type: 'int8' },
  { name: 'task', type: 'text' },
  { name: 'answer', type: 'text' },
  { name: 'session_id', type: 'text' },
  { name: 'annotator', type: 'text' },
  { name: 'timestamp', type: 'timestamptz' },
];

/** One dataset row as COPY columns, in `ANNOTATION_COLUMNS` order. */
function annotationRow(task: ValidTask, importedAt: Date): CopyValue[] {
  return [
    task.inputHash,
    task.taskHash,
    JSON.stringify(task.task),
    task.answer ?? 'accept',
    task.sessionId,
    task.annotator,
    task.timestamp ?? importedAt,
  ];
}

/**
 * A dataset that does not exist yet is created, with the kind its first record shows, and its
 * rows are copied straight into `annotation`: nobody else can see the dataset before the commit,
 * so repeats can only come from the file and are removed after the copy. Into an existing
 * dataset, rows are staged and only the ones it does not hold yet go in.
 */
export async function openDataset(
  client: pg.PoolClient,
  name: string,
  requestedKind?: DatasetKind,
): Promise<ImportTargetWriter> {
  const { rows } = await client.query<{ id: number; kind: DatasetKind }>(
    `select "id", "kind" from "dataset" where "name" = $1`,
    [name],
  );
  let kind = rows[0]?.kind ?? requestedKind;
  const sink = rows[0] ? await stagedSink(client, rows[0].id) : newDatasetSink(client, name);
  const labels = new Set<string>();
  // Rows without their own timestamp are stamped with the import's time.
  const importedAt = new Date();
  let count = 0;
  return {
    async add(task, line) {
      kind ??= task.task.spans !== undefined ? DatasetKind.ner : DatasetKind.textcat;
      if (kind === DatasetKind.textcat && task.task.spans !== undefined) {
        throw new InputError(`spans found, but "${name}" is a textcat dataset`, {
          line,
          field: 'spans',
        });
      }
      for (const label of labelsOf(task.task)) labels.add(label);
      count++;
      await sink.write(annotationRow(task, importedAt), kind);
    },
    async finish() {
      if (count === 0) {
        await sink.abandon();
        return { inserted: 0, duplicates: 0 };
      }
      const { id, inserted } = await sink.finish();
      await client.query(
        `update "dataset" set "labels" = array(
           select distinct l from unnest("labels" || $1::text[]) l order by 1
         ) where "id" = $2`,
        [[...labels], id],
      );
      return { inserted, duplicates: count - inserted };
    },
    abort: (error) => sink.abort(error),
  };
}

interface DatasetSink {
  /** Takes one row in `ANNOTATION_COLUMNS` order. */
  write(row: CopyValue[], kind: DatasetKind): Promise<void>;
  /** Ends the copy; returns the dataset and how many rows it gained. */
  finish(): Promise<{ id: number; inserted: number }>;
  /** Ends a copy that wrote nothing. */
  abandon(): Promise<void>;
  abort(error: Error): void;
}

function newDatasetSink(client: pg.PoolClient, name: string): DatasetSink {
  let id: number | undefined;
  let copy: CopyWriter | undefined;
  let copied = 0;
  return {
    async write(row, kind) {
      if (!copy) {
        const created = await client.query<{ id: number }>(
          `insert into "dataset" ("name", "kind") values ($1, $2) returning "id"`,
          [name, kind],
        );
        id = created.rows[0]!.id;
        copy = new CopyWriter(client, 'annotation', [
          { name: 'dataset_id', type: 'int4' },
          ...ANNOTATION_COLUMNS,
        ]);
      }
      copied++;
      await copy.write([id, ...row]);
    },
    async finish() {
      await copy!.end();
      // Exact repeats (same task content, answer and session) keep their first line. Only rows
      // whose task hash occurs more than once are candidates; among them, rows are grouped by a
      // 64-bit hash of their content (sorting whole documents made an 8× CoNLL import spend 2 s
      // here), and each repeat's text is compared with its group's first row, so a hash
      // collision can never remove a row.
      const removed = await client.query(
        `delete from "annotation" where "id" in (
           select d."id" from (
             select a."id", first_value(a."id") over w as "first", row_number() over w as "copy"
             from "annotation" a
             where a."dataset_id" = $1 and a."task_hash" in (
               select "task_hash" from "annotation" where "dataset_id" = $1
               group by "task_hash" having count(*) > 1
             )
             window w as (
               partition by a."task_hash", a."answer", a."session_id",
                            hashtextextended(a."task"::text, 0)
               order by a."id"
             )
           ) d
           join "annotation" x on x."id" = d."id"
           join "annotation" f on f."id" = d."first"
           where d."copy" > 1 and x."task"::text = f."task"::text
         )`,
        [id],
      );
      return { id: id!, inserted: copied - (removed.rowCount ?? 0) };
    },
    async abandon() {},
    abort: (error) => copy?.abort(error),
  };
}

async function stagedSink(client: pg.PoolClient, id: number): Promise<DatasetSink> {
  const staged = await stage(
    client,
    'n int, i bigint, h bigint, c bigint, k json, a answer_kind, s text, u text, ts timestamptz',
  );
  let count = 0;
  return {
    async write(row) {
      const [i, h, k, a, s, u, ts] = row;
      // The JSON's hash finds exact repeats without comparing and sorting whole documents.
      await staged.write([count++, i, h, hash53(k as string), k, a, s, u, ts]);
    },
    async finish() {
      await staged.end();
      // Exact repeats (same task content, answer and session) are skipped, in the file and
      // against the dataset; rows go in in file order.
      const result = await client.query(
        `insert into "annotation" ("dataset_id", "input_hash", "task_hash", "task",
                                   "answer", "session_id", "annotator", "timestamp")
         select $1, i, h, k, a, s, u, ts from (
           select distinct on (h, a, s, c) * from staged order by h, a, s, c, n
         ) b
         where not exists (
           select 1 from "annotation" x
           where x."dataset_id" = $1 and x."task_hash" = b.h and x."answer" = b.a
             and x."session_id" is not distinct from b.s and x."task"::text = b.k::text
         )
         order by n`,
        [id],
      );
      return { id, inserted: result.rowCount ?? 0 };
    },
    abandon: () => staged.end(),
    abort: (error) => staged.abort(error),
  };
}

/** Every label a task names: its `label`, its span labels, its `cats` keys. */
export function labelsOf(task: Record<string, unknown>): string[] {
  const labels: string[] = [];
  if (typeof task.label === 'string') labels.push(task.label);
  if (Array.isArray(task.spans))
    for (const span of task.spans) labels.push((span as { label: string }).label);
  if (task.cats && typeof task.cats === 'object') labels.push(...Object.keys(task.cats));
  return labels;
}
