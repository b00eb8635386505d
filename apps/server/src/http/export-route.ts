import { once } from 'node:events';
import { AnswerKind, ExportFormat } from '@chorus/schema';
import type { Request, Response } from 'express';
import type pg from 'pg';
import { EXPORT_FORMATS } from '../exports/export-formats.js';
import { exportDataset, type DatasetExport } from '../exports/export.service.js';
import type { Logger } from '../logger.js';
import { attachment } from './content-disposition.js';
import { enumParam } from './query-param.js';
import { sendError } from './send-error.js';

/**
 * `GET /api/datasets/:name/export?format=conll&answer=accept&session=alice` (and the older
 * `/export.jsonl`): the dataset in one export format (default: every answer as Prodigy JSONL),
 * streamed with backpressure so memory stays flat whatever the dataset's size.
 */
export function exportRoute(pool: pg.Pool, logger: Logger) {
  return async (req: Request, res: Response) => {
    const filter = {
      answer: undefined as AnswerKind | undefined,
      session: typeof req.query.session === 'string' ? req.query.session : undefined,
    };
    let format: ExportFormat;
    let exported: DatasetExport;
    let first: IteratorResult<string>;
    try {
      filter.answer = enumParam(req.query.answer, AnswerKind, 'answer');
      format = enumParam(req.query.format, ExportFormat, 'format') ?? ExportFormat.jsonl;
      exported = await exportDataset(pool, String(req.params.name), format, filter);
      first = await exported.records.next();
    } catch (error) {
      sendError(res, error, logger);
      return;
    }
    const { contentType, extension } = EXPORT_FORMATS[format];
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', attachment(`${String(req.params.name)}${extension}`));
    const lines = exported.records;
    if (exported.header !== undefined) res.write(exported.header);
    // A client that goes away never drains: stop there, and end the generator so its cursor's
    // connection goes back to the pool.
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    try {
      for (let item = first; !item.done; item = await lines.next()) {
        if (!res.write(item.value)) await Promise.race([once(res, 'drain'), closed]);
        if (res.destroyed) return;
      }
      res.end();
    } catch (error) {
      logger.error({ err: error }, 'export failed after it started');
      res.destroy(error as Error);
    } finally {
      await lines.return(undefined);
    }
  };
}
