import { DatasetKind, ImportFormat, ImportTarget } from '@chorus/schema';
import type { Request, Response } from 'express';
import type { Database } from '../database/orm.js';
import { Topic } from '../events.js';
import { importFile } from '../imports/import.service.js';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import { enumParam } from './query-param.js';
import { sendError } from './send-error.js';

/**
 * `POST /api/sources/:name/import` and `POST /api/datasets/:name/import`: the request body is the
 * file, streamed into the database. Query: `format=jsonl|csv|text` (default jsonl), `importId` to
 * follow the `importProgress` subscription, `kind=ner|textcat` for a dataset created by the import.
 */
export function importRoute(
  target: ImportTarget,
  database: Database,
  pubsub: PubSub,
  logger: Logger,
) {
  return async (req: Request, res: Response) => {
    try {
      const format = enumParam(req.query.format, ImportFormat, 'format') ?? ImportFormat.jsonl;
      const kind = enumParam(req.query.kind, DatasetKind, 'kind');
      const importId = typeof req.query.importId === 'string' ? req.query.importId : undefined;
      const length = Number(req.headers['content-length']);
      const result = await importFile(database.pool, {
        target,
        name: String(req.params.name),
        format,
        kind,
        importId,
        chunks: req,
        totalBytes: Number.isFinite(length) ? length : undefined,
        onProgress: (progress) =>
          pubsub.publish(Topic.IMPORT_PROGRESS, progress.importId, progress),
      });
      logger.info(result, 'import finished');
      res.json(result);
    } catch (error) {
      // Drain what the client still sends, so it reads our answer instead of a reset connection.
      req.resume();
      sendError(res, error, logger);
    }
  };
}
