import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { ValidTask } from './validate-task.js';

/**
 * Bulk inserts for imports: a batch goes to PostgreSQL as one JSON parameter expanded by
 * `jsonb_to_recordset`, one round trip per thousand rows.
 */

/**
 * Runs SQL with bound parameters in the entity manager's transaction. Imports go through the
 * driver's parameters directly: `em.execute` would inline a megabyte of JSON into the SQL text.
 */
export async function query<T>(
  tx: EntityManager,
  sql: string,
  bindings: readonly unknown[],
): Promise<T[]> {
  const trx = tx.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('imports must run inside a transaction');
  const result = (await trx.raw(sql, bindings as Knex.RawBinding[])) as { rows: T[] };
  return result.rows;
}

/** Inserts inputs, skipping input hashes the source already has; returns how many were new. */
export async function insertInputs(
  tx: EntityManager,
  sourceId: number,
  firstPosition: number,
  batch: ValidTask[],
): Promise<number> {
  const rows = batch.map((t, i) => {
    const { text: _text, ...data } = t.task;
    return { h: t.inputHash, p: firstPosition + i, t: t.text, d: data };
  });
  const inserted = await query<{ n: number }>(
    tx,
    `with inserted as (
       insert into "input" ("source_id", "input_hash", "position", "text", "data")
       select ?, r.h, r.p, r.t, r.d from jsonb_to_recordset(?::jsonb) as r(h bigint, p int, t text, d jsonb)
       order by r.p
       on conflict ("source_id", "input_hash") do nothing
       returning 1
     ) select count(*)::int as n from inserted`,
    [sourceId, JSON.stringify(rows)],
  );
  return inserted[0]!.n;
}

/**
 * Inserts answered tasks, skipping exact repeats: the same task (every field, meta included),
 * answer and session already in the dataset or earlier in the batch. Importing a file twice adds
 * nothing, and two answers that differ in anything are both kept. Returns how many were new.
 */
export async function insertAnnotations(
  tx: EntityManager,
  datasetId: number,
  batch: ValidTask[],
): Promise<number> {
  const rows = batch.map((t, n) => ({
    n,
    i: t.inputHash,
    h: t.taskHash,
    k: t.task,
    a: t.answer ?? 'accept',
    s: t.sessionId ?? null,
    u: t.annotator ?? null,
    ts: (t.timestamp ?? new Date()).toISOString(),
  }));
  // `distinct on` drops exact repeats inside the batch; rows go in in file order (`n`).
  const inserted = await query<{ n: number }>(
    tx,
    `with batch as (
       select distinct on (r.h, r.s, r.a, r.k) r.* from jsonb_to_recordset(?::jsonb)
         as r(i bigint, h bigint, k jsonb, a answer_kind, s text, u text, ts timestamptz, n int)
       order by r.h, r.s, r.a, r.k, r.n
     ), inserted as (
       insert into "annotation" ("dataset_id", "input_hash", "task_hash", "task", "answer", "session_id", "annotator", "timestamp")
       select ?, b.i, b.h, b.k, b.a, b.s, b.u, b.ts from batch b
       where not exists (
         select 1 from "annotation" x
         where x."dataset_id" = ? and x."task_hash" = b.h and x."answer" = b.a and x."task" = b.k
           and x."session_id" is not distinct from b.s
       )
       order by b.n
       returning 1
     ) select count(*)::int as n from inserted`,
    [JSON.stringify(rows), datasetId, datasetId],
  );
  return inserted[0]!.n;
}

/** Every label a task names: its `label`, its span labels, its `cats` keys, its accepted options. */
export function labelsOf(task: Record<string, unknown>): string[] {
  const labels: string[] = [];
  if (typeof task.label === 'string') labels.push(task.label);
  if (Array.isArray(task.spans))
    for (const span of task.spans) labels.push((span as { label: string }).label);
  if (task.cats && typeof task.cats === 'object') labels.push(...Object.keys(task.cats));
  return labels;
}
