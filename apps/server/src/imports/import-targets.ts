import { hash53 } from '@chorus/engine';
import { DatasetKind } from '@chorus/schema';
import type pg from 'pg';
import { InputError } from '../errors.js';
import { CopyWriter } from './copy-writer.js';
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

async function stage(client: pg.PoolClient, columns: string): Promise<CopyWriter> {
  await client.query(`create temp table staged (${columns}) on commit drop`);
  return new CopyWriter(
    client,
    'staged',
    columns.split(',').map((c) => c.trim().split(' ')[0]!),
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

/** A dataset that does not exist yet is created, with the kind its first record shows. */
export async function openDataset(
  client: pg.PoolClient,
  name: string,
  requestedKind?: DatasetKind,
): Promise<ImportTargetWriter> {
  const { rows } = await client.query<{ id: number; kind: DatasetKind }>(
    `select "id", "kind" from "dataset" where "name" = $1`,
    [name],
  );
  let id = rows[0]?.id;
  let kind = rows[0]?.kind ?? requestedKind;
  const labels = new Set<string>();
  const staged = await stage(
    client,
    'n int, i bigint, h bigint, c bigint, k json, a answer_kind, s text, u text, ts timestamptz',
  );
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
      const json = JSON.stringify(task.task);
      await staged.write([
        count++,
        task.inputHash,
        task.taskHash,
        // The JSON's hash finds exact repeats without comparing and sorting whole documents.
        hash53(json),
        json,
        task.answer ?? 'accept',
        task.sessionId,
        task.annotator,
        (task.timestamp ?? new Date()).toISOString(),
      ]);
    },
    async finish() {
      await staged.end();
      if (count === 0) return { inserted: 0, duplicates: 0 };
      if (id === undefined) {
        const created = await client.query<{ id: number }>(
          `insert into "dataset" ("name", "kind") values ($1, $2) returning "id"`,
          [name, kind],
        );
        id = created.rows[0]!.id;
      }
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
      await client.query(
        `update "dataset" set "labels" = array(
           select distinct l from unnest("labels" || $1::text[]) l order by 1
         ) where "id" = $2`,
        [[...labels], id],
      );
      return { inserted: result.rowCount ?? 0, duplicates: count - (result.rowCount ?? 0) };
    },
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
