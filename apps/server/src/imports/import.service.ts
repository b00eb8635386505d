import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DatasetKind, ImportFormat, ImportTarget } from '@chorus/schema';
import { InputError } from '../errors.js';
import type { ImportProgressPayload } from '../events.js';
import { parseRecords } from './parse-records.js';
import { readLines } from './read-lines.js';
import { openDataset, openSource, type ImportTargetWriter } from './import-targets.js';
import { validateTask } from './validate-task.js';

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
  /** The longest line accepted (IMPORT_MAX_LINE_BYTES); readLines' default when absent. */
  maxLineBytes?: number;
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

const PROGRESS_EVERY_MS = 200;

/**
 * Streams a file into a source (raw inputs) or a dataset (answered tasks) inside one
 * transaction, on a connection of its own: a bad line aborts the whole import with its line
 * number and field, and the database is left as it was. Duplicates (the same input in a source;
 * the same task, answer and session in a dataset) are counted and skipped.
 */
export async function importFile(pool: pg.Pool, request: ImportRequest): Promise<ImportResult> {
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

  const client = await pool.connect();
  let target: ImportTargetWriter | undefined;
  try {
    await client.query('begin');
    target =
      request.target === ImportTarget.source
        ? await openSource(client, request.name)
        : await openDataset(client, request.name, request.kind);
    const lines = readLines(
      request.chunks,
      (bytes) => (progress.bytesRead += bytes),
      request.maxLineBytes,
    );
    for await (const { line, record } of parseRecords(lines, request.format)) {
      progress.linesRead = line;
      await target.add(validateTask(record, line), line);
      report();
    }
    Object.assign(progress, await target.finish());
    await client.query('commit');
  } catch (error) {
    target?.abort(error as Error);
    await client.query('rollback').catch(() => {});
    progress.error = (error as Error).message;
    progress.done = true;
    report(true);
    throw error;
  } finally {
    client.release();
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
