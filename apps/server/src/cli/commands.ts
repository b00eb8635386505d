import { createReadStream, createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { AnswerKind, DatasetKind, ExportFormat, ImportFormat, ImportTarget } from '@chorus/schema';
import type { Config } from '../config.js';
import type { Database } from '../database/orm.js';
import { InputError } from '../errors.js';
import { exportFormatOfFile } from '../exports/export-formats.js';
import type { ImportResult } from '../imports/import.service.js';
import type { Logger } from '../logger.js';
import { ProgressBar } from './progress-bar.js';

// The server, the ORM and GraphQL load only in the commands that use them, so `--help` and
// quick commands start in a fraction of the time.
const datasets = () => import('../datasets/dataset.service.js');

export interface CommandContext {
  config: Config;
  logger: Logger;
  args: string[];
  options: Record<string, string | boolean | undefined>;
  out: NodeJS.WritableStream;
}

export interface Command {
  usage: string;
  description: string;
  options?: Record<string, { type: 'string' | 'boolean'; description: string }>;
  run(context: CommandContext): Promise<number | void>;
}

/** File endings and the import format they mean; the longest matching ending wins. */
const IMPORT_FORMATS: [string, ImportFormat][] = [
  ['.spacy.jsonl', ImportFormat['spacy-jsonl']],
  ['.jsonl', ImportFormat.jsonl],
  ['.json', ImportFormat.jsonl],
  ['.ndjson', ImportFormat.jsonl],
  ['.csv', ImportFormat.csv],
  ['.txt', ImportFormat.text],
  ['.conll', ImportFormat.conll],
  ['.iob', ImportFormat.conll],
  ['.iob2', ImportFormat.conll],
  ['.bio', ImportFormat.conll],
];

const importFormatOfFile = (file: string) =>
  IMPORT_FORMATS.find(([ending]) => file.toLowerCase().endsWith(ending))?.[1];

/** An option that must be one of an enum's values, or absent. */
export function enumOption<T extends Record<string, string>>(
  context: CommandContext,
  name: string,
  values: T,
): T[keyof T] | undefined {
  const value = context.options[name];
  if (value === undefined) return undefined;
  const allowed = Object.values(values);
  if (typeof value !== 'string' || !allowed.includes(value))
    throw new InputError(`expected ${allowed.join(', ')}`, { field: `--${name}` });
  return value as T[keyof T];
}

export async function withDatabase<T>(context: CommandContext, work: (db: Database) => Promise<T>) {
  const { openDatabase } = await import('../database/orm.js');
  const db = await openDatabase(context.config, context.logger);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

export function requireArg(context: CommandContext, index: number, name: string): string {
  const value = context.args[index];
  if (value === undefined) throw new InputError(`missing <${name}>`);
  return value;
}

function importCommand(target: ImportTarget): Command['run'] {
  return async (context) => {
    const name = requireArg(context, 0, target);
    const file = requireArg(context, 1, 'file');
    const format =
      enumOption(context, 'format', ImportFormat) ?? importFormatOfFile(file) ?? ImportFormat.jsonl;
    const kind = enumOption(context, 'kind', DatasetKind);
    const { size } = await stat(file);
    const bar = new ProgressBar(`Importing ${path.basename(file)}`, size);
    const { importFile } = await import('../imports/import.service.js');
    const result: ImportResult = await withDatabase(context, (db) =>
      importFile(db.pool, {
        target,
        name,
        format,
        kind,
        // The default 64 kB reads: larger chunks come as fresh memory from the kernel every time,
        // and with 1 MB chunks page faults halved the speed of the import's Node side (bench/import).
        chunks: createReadStream(file),
        totalBytes: size,
        onProgress: (p) => bar.update(p.bytesRead, `${p.linesRead} lines`),
      }).catch((error: unknown) => {
        if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
        throw error;
      }),
    );
    bar.finish(size, `${result.lines} lines`);
    context.out.write(
      `Imported ${result.inserted} ${target === ImportTarget.source ? 'inputs' : 'answers'} into ${target} "${name}" ` +
        `(${result.duplicates} duplicates skipped) in ${result.seconds.toFixed(2)}s\n`,
    );
  };
}

export const commands: Record<string, Command> = {
  serve: {
    usage: 'serve',
    description:
      'Start the GraphQL server (HTTP + WebSocket on one port), on the embedded database unless DATABASE_URL is set.',
    async run({ config, logger }) {
      const { startServer } = await import('../server.js');
      const server = await startServer(config, logger);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'shutting down');
          const timer = setTimeout(() => {
            logger.error('graceful shutdown timed out');
            // Never leave an embedded PostgreSQL running behind us.
            void server.database.abandon().finally(() => process.exit(1));
          }, config.shutdownTimeoutMs);
          timer.unref();
          server.close().then(resolve, (error) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    },
  },
  'db-in': {
    usage: 'db-in <dataset> <file>',
    description:
      'Import answered tasks (Prodigy JSONL, spaCy JSONL, CoNLL, CSV or text) into a dataset, created if missing. All or nothing.',
    options: {
      format: {
        type: 'string',
        description: `${Object.values(ImportFormat).join(' | ')} (default: from the file's ending)`,
      },
      kind: {
        type: 'string',
        description: 'ner | textcat, for a new dataset (default: from the records)',
      },
    },
    run: importCommand(ImportTarget.dataset),
  },
  'source-in': {
    usage: 'source-in <source> <file>',
    description:
      'Import raw inputs (JSONL, CSV or text) into a source, created if missing; duplicates are skipped.',
    options: {
      format: {
        type: 'string',
        description: `${Object.values(ImportFormat).join(' | ')} (default: from the file's ending)`,
      },
    },
    run: importCommand(ImportTarget.source),
  },
  'db-out': {
    usage: 'db-out <dataset> [file]',
    description:
      'Export a dataset to a file, or to stdout: every answer as Prodigy JSONL, or gold merged per input (spaCy JSONL, CoNLL for NER, CSV for textcat).',
    options: {
      format: {
        type: 'string',
        description: `${Object.values(ExportFormat).join(' | ')} (default: from the file's ending, else jsonl)`,
      },
      answer: { type: 'string', description: 'only accept | reject | ignore' },
      session: { type: 'string', description: 'only the answers of this session' },
    },
    async run(context) {
      const name = requireArg(context, 0, 'dataset');
      const file = context.args[1];
      const answer = enumOption(context, 'answer', AnswerKind);
      const format =
        enumOption(context, 'format', ExportFormat) ??
        (file ? exportFormatOfFile(file) : undefined) ??
        ExportFormat.jsonl;
      const { exportDataset } = await import('../exports/export.service.js');
      const { datasetCounts, findDataset } = await datasets();
      await withDatabase(context, async (db) => {
        const { header, records } = await exportDataset(db.pool, name, format, {
          answer,
          session: context.options.session as string | undefined,
        });
        // Prodigy JSONL holds every answer; the gold formats one record per input.
        const unit = format === ExportFormat.jsonl ? 'answers' : 'inputs';
        const em = db.orm.em.fork();
        const total =
          format === ExportFormat.jsonl
            ? (await datasetCounts(em, (await findDataset(em, name)).id)).total
            : undefined;
        const out = file ? createWriteStream(file) : context.out;
        const bar = file ? new ProgressBar(`Exporting ${name}`, total) : undefined;
        if (header !== undefined) out.write(header);
        let n = 0;
        for await (const record of records) {
          if (!out.write(record)) await once(out, 'drain');
          bar?.update(++n, `${n} ${unit}`);
        }
        if (file) {
          (out as NodeJS.WritableStream).end();
          await once(out, 'finish');
          bar?.finish(n, `${n} ${unit}`);
          context.out.write(`Exported ${n} ${unit} of "${name}" as ${format} to ${file}\n`);
        }
      });
    },
  },
  stats: {
    usage: 'stats [dataset]',
    description:
      'Show every dataset with its answer counts, or one dataset by answer, label and session.',
    async run(context) {
      const { datasetCounts, findDataset, listDatasets } = await datasets();
      await withDatabase(context, async (db) => {
        const em = db.orm.em.fork();
        const name = context.args[0];
        if (name) {
          const dataset = await findDataset(em, name);
          const counts = await datasetCounts(em, dataset.id);
          const lines = [
            `Dataset ${dataset.name} (${dataset.kind}), labels: ${dataset.labels.join(', ') || '-'}`,
            `Answers: ${counts.total}`,
          ];
          for (const row of counts.byAnswer) lines.push(`  ${row.answer.padEnd(10)} ${row.count}`);
          lines.push('By label:');
          for (const row of counts.byLabel) lines.push(`  ${row.label.padEnd(10)} ${row.count}`);
          lines.push('By session:');
          for (const row of counts.bySession)
            lines.push(`  ${(row.session ?? '(none)').padEnd(10)} ${row.count}`);
          context.out.write(`${lines.join('\n')}\n`);
          return;
        }
        const page = await listDatasets(em, 500);
        if (page.edges.length === 0) context.out.write('No datasets yet.\n');
        for (const { node } of page.edges) {
          const counts = await datasetCounts(em, node.id);
          context.out.write(
            `${node.name.padEnd(24)} ${node.kind.padEnd(8)} ${String(counts.total).padStart(8)} answers\n`,
          );
        }
      });
    },
  },
  drop: {
    usage: 'drop <dataset> --yes',
    description: 'Delete a dataset and all its answers.',
    options: { yes: { type: 'boolean', description: 'confirm the deletion' } },
    async run(context) {
      const name = requireArg(context, 0, 'dataset');
      if (context.options.yes !== true)
        throw new InputError(`add --yes to delete "${name}" and all its answers`);
      const { deleteDataset } = await datasets();
      const answers = await withDatabase(context, (db) =>
        deleteDataset(db.orm.em.fork(), name, name),
      );
      context.out.write(`Deleted dataset "${name}" and its ${answers} answers\n`);
    },
  },
  'print-schema': {
    usage: 'print-schema [file]',
    description: 'Print the GraphQL SDL (to a file, or stdout).',
    async run(context) {
      const { buildChorusSchema, printChorusSchema } = await import('../graphql/schema.js');
      const { createInProcessPubSub } = await import('../pubsub.js');
      const sdl = printChorusSchema(await buildChorusSchema(createInProcessPubSub()));
      if (context.args[0]) await writeFile(context.args[0], sdl);
      else context.out.write(sdl);
    },
  },
};
