import { DatasetKind, EXPORT_FORMAT_KINDS, ExportFormat } from '@chorus/schema';
import type pg from 'pg';
import { exportLines, type AnnotationFilter } from '../datasets/dataset.service.js';
import { InputError, NotFoundError } from '../errors.js';
import { conllBlock, csvHeader, csvRow, spacyJsonlLine } from './gold-writers.js';
import { mergeByInput } from './merge-by-input.js';

export interface DatasetExport {
  /** What comes before the records (CSV's header row). */
  header?: string;
  /** One chunk of text per record (an answer in `jsonl`, an input otherwise), newline included. */
  records: AsyncGenerator<string>;
}

/**
 * A dataset in one export format. The dataset and the format's fit to its kind are checked before
 * this resolves, so a caller can still answer with an error; the answers are then read from one
 * snapshot as the records are written.
 */
export async function exportDataset(
  pool: pg.Pool,
  name: string,
  format: ExportFormat,
  filter: AnnotationFilter,
): Promise<DatasetExport> {
  const { rows } = await pool.query<{ kind: DatasetKind; labels: string[] }>(
    `select "kind", "labels" from "dataset" where "name" = $1`,
    [name],
  );
  if (!rows[0]) throw new NotFoundError('dataset', name);
  const { kind, labels } = rows[0];
  if (!EXPORT_FORMAT_KINDS[format].includes(kind)) {
    throw new InputError(
      `${format} holds ${EXPORT_FORMAT_KINDS[format].join(' or ')} datasets, and "${name}" is ${kind}`,
      { field: 'format' },
    );
  }
  if (format === ExportFormat.jsonl)
    return { records: prodigyRecords(exportLines(pool, name, filter)) };
  const lines = exportLines(pool, name, { ...filter, byInput: true });
  return {
    header: format === ExportFormat.csv ? csvHeader(labels) : undefined,
    records: goldRecords(lines, kind, format, labels),
  };
}

async function* prodigyRecords(lines: AsyncGenerator<string>): AsyncGenerator<string> {
  for await (const line of lines) yield `${line}\n`;
}

async function* goldRecords(
  lines: AsyncGenerator<string>,
  kind: DatasetKind,
  format: ExportFormat,
  labels: readonly string[],
): AsyncGenerator<string> {
  if (kind === DatasetKind.ner) {
    const write = format === ExportFormat.conll ? conllBlock : spacyJsonlLine;
    for await (const example of mergeByInput(lines, 'ner')) yield write(example);
    return;
  }
  for await (const example of mergeByInput(lines, 'textcat'))
    yield format === ExportFormat.csv ? csvRow(example, labels) : spacyJsonlLine(example);
}
