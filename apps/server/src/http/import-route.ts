import { DatasetKind, ImportFormat, ImportTarget } from '@chorus/schema';
import type { Request, Response } from 'express';
import type { Limits } from '../config.js';
import type { Database } from '../database/orm.js';
import { LimitError } from '../errors.js';
import { Topic } from '../events.js';
import { importFile } from '../imports/import.service.js';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import { enumParam } from './query-param.js';
import { sendError } from './send-error.js';

/**
 * `POST /api/sources/:name/import` and `POST /api/datasets/:name/import`: the request body is the
 * file, streamed into the database. Query: `format=` an `ImportFormat` (default jsonl), `importId` to
 * follow the `importProgress` subscription, `kind=ner|textcat` for a dataset created by the import.
 */
export function importRoute(
  target: ImportTarget,
  database: Database,
  pubsub: PubSub,
  limits: Pick<Limits, 'importBytes' | 'importLineBytes'>,
  logger: Logger,
) {
  return async (req: Request, res: Response) => {
    try {
      const format = enumParam(req.query.format, ImportFormat, 'format') ?? ImportFormat.jsonl;
      const kind = enumParam(req.query.kind, DatasetKind, 'kind');
      const importId = typeof req.query.importId === 'string' ? req.query.importId : undefined;
      const length = Number(req.headers['content-length']);
      if (length > limits.importBytes) throw tooLarge(limits.importBytes);
      const result = await importFile(database.pool, {
        target,
        name: String(req.params.name),
        format,
        kind,
        importId,
        chunks: atMost(req, limits.importBytes),
        maxLineBytes: limits.importLineBytes,
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

function tooLarge(max: number): LimitError {
  return new LimitError(`the file is larger than ${max} bytes`, 'IMPORT_MAX_BYTES', max);
}

/** The body's chunks, failing (and so rolling the import back) past `max` bytes. */
async function* atMost(chunks: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > max) throw tooLarge(max);
    yield chunk;
  }
}
