import { once } from 'node:events';
import { AnswerKind } from '@chorus/schema';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { exportAnnotations } from '../datasets/dataset.service.js';
import type { Logger } from '../logger.js';
import { enumParam } from './query-param.js';
import { sendError } from './send-error.js';

/**
 * `GET /api/datasets/:name/export.jsonl?answer=accept&session=alice`: every answer as Prodigy
 * JSONL, streamed with backpressure so memory stays flat whatever the dataset's size.
 */
export function exportRoute(orm: MikroORM, logger: Logger) {
  return async (req: Request, res: Response) => {
    const filter = {
      answer: undefined as AnswerKind | undefined,
      session: typeof req.query.session === 'string' ? req.query.session : undefined,
    };
    let records: AsyncGenerator<Record<string, unknown>>;
    let first: IteratorResult<Record<string, unknown>>;
    try {
      filter.answer = enumParam(req.query.answer, AnswerKind, 'answer');
      records = exportAnnotations(orm.em.fork(), String(req.params.name), filter);
      first = await records.next();
    } catch (error) {
      sendError(res, error, logger);
      return;
    }
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${String(req.params.name)}.jsonl"`);
    try {
      for (let item = first; !item.done; item = await records.next()) {
        if (!res.write(`${JSON.stringify(item.value)}\n`)) await once(res, 'drain');
      }
      res.end();
    } catch (error) {
      logger.error({ err: error }, 'export failed after it started');
      res.destroy(error as Error);
    }
  };
}
