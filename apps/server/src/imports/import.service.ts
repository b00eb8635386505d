import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DatasetKind, ImportFormat, ImportTarget } from '@chorus/schema';
import { InputError } from '../errors.js';
import type { ImportProgressPayload } from '../events.js';
import { parseRecords } from './parse-records.js';
import { readLines } from './read-lines.js';
import { validateTask, type ValidTask } from './validate-task.js';
import { insertAnnotations, insertInputs, labelsOf, query } from './import-batches.js';

export interface ImportRequest {
  target: ImportTarget;
  /** Name of the source or dataset; created when it does not exist. */
  name: string;
  format: ImportFormat;
  chunks: AsyncIterable<Uint8Array | string>;
  totalBytes?: number;
  importId?: string;
  /** Kind of a dataset created by the import; inferred from the first record when absent. */
  kind?: DatasetKind;
  onProgress?: (progress: ImportProgressPayload) => void;
}

export interface ImportResult {
  importId: string;
  target: ImportTarget;
  name: string;
  lines: number;
  inserted: number;
  duplicates: number;
  seconds: number;
}

const BATCH_SIZE = 1000;
const PROGRESS_EVERY_MS = 200;

/**
 * Streams a file into a source (raw inputs) or a dataset (answered tasks) inside one
 * transaction: a bad line aborts the whole import with its line number and field, and the
 * database is left as it was. Duplicates (same input hash in a source; same task hash, session
 * and answer in a dataset) are counted and skipped.
 */
export async function importFile(em: EntityManager, request: ImportRequest): Promise<ImportResult> {
  const started = performance.now();
  const importId = request.importId ?? randomUUID();
  const progress: ImportProgressPayload = {
    importId,
    linesRead: 0,
    inserted: 0,
    duplicates: 0,
    bytesRead: 0,
    totalBytes: request.totalBytes ?? null,
    done: false,
    error: null,
  };
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    request.onProgress?.({ ...progress });
  };
  if (request.name.trim() === '') throw new InputError('must not be empty', { field: 'name' });

  try {
    await em.transactional(async (tx) => {
      const lines = readLines(request.chunks, (bytes) => (progress.bytesRead += bytes));
      const target =
        request.target === ImportTarget.source
          ? await openSource(tx, request.name)
          : await openDataset(tx, request.name, request.kind);
      let batch: ValidTask[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const inserted = await target.insert(batch);
        progress.inserted += inserted;
        progress.duplicates += batch.length - inserted;
        batch = [];
        report();
      };
      for await (const { line, record } of parseRecords(lines, request.format)) {
        progress.linesRead = line;
        const task = validateTask(record, line);
        target.check(task, line);
        batch.push(task);
        if (batch.length >= BATCH_SIZE) await flush();
      }
      await flush();
      await target.finish();
    });
  } catch (error) {
    progress.error = (error as Error).message;
    progress.done = true;
    report(true);
    throw error;
  }
  progress.done = true;
  report(true);
  return {
    importId,
    target: request.target,
    name: request.name,
    lines: progress.linesRead,
    inserted: progress.inserted,
    duplicates: progress.duplicates,
    seconds: (performance.now() - started) / 1000,
  };
}

interface ImportTargetWriter {
  /** Inserts a batch of valid tasks and returns how many were new. */
  insert(batch: ValidTask[]): Promise<number>;
  check(task: ValidTask, line: number): void;
  finish(): Promise<void>;
}

async function openSource(tx: EntityManager, name: string): Promise<ImportTargetWriter> {
  const [row] = await query<{ id: number; next: number }>(
    tx,
    `insert into "source" ("name") values (?) on conflict ("name") do update set "name" = excluded."name"
     returning "id", (select coalesce(max("position") + 1, 0) from "input" where "source_id" = "source"."id")::int as "next"`,
    [name],
  );
  let nextPosition = row!.next;
  return {
    async insert(batch) {
      const inserted = await insertInputs(tx, row!.id, nextPosition, batch);
      nextPosition += batch.length;
      return inserted;
    },
    check() {},
    async finish() {},
  };
}

/** A dataset that does not exist yet is created on its first batch, with the kind its records show. */
async function openDataset(
  tx: EntityManager,
  name: string,
  requestedKind?: DatasetKind,
): Promise<ImportTargetWriter> {
  const [existing] = await query<{ id: number; kind: DatasetKind }>(
    tx,
    `select "id", "kind" from "dataset" where "name" = ?`,
    [name],
  );
  let id = existing?.id;
  let kind = existing?.kind ?? requestedKind;
  const labels = new Set<string>();
  return {
    check(task, line) {
      kind ??= task.task.spans !== undefined ? DatasetKind.ner : DatasetKind.textcat;
      if (kind === DatasetKind.textcat && task.task.spans !== undefined) {
        throw new InputError(`spans found, but "${name}" is a textcat dataset`, {
          line,
          field: 'spans',
        });
      }
      for (const label of labelsOf(task.task)) labels.add(label);
    },
    async insert(batch) {
      if (id === undefined) {
        const [row] = await query<{ id: number }>(
          tx,
          `insert into "dataset" ("name", "kind") values (?, ?) returning "id"`,
          [name, kind],
        );
        id = row!.id;
      }
      return insertAnnotations(tx, id, batch);
    },
    async finish() {
      if (id === undefined || labels.size === 0) return;
      await query(
        tx,
        `update "dataset" set "labels" = array(
           select distinct l from unnest("labels" || array(select jsonb_array_elements_text(?::jsonb))) l order by 1
         ) where "id" = ?`,
        [JSON.stringify([...labels]), id],
      );
    },
  };
}
