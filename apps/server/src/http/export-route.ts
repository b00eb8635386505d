import { once } from 'node:events';
import { AnswerKind } from '@chorus/schema';
import type { Request, Response } from 'express';
import type pg from 'pg';
import { exportLines } from '../datasets/dataset.service.js';
import type { Logger } from '../logger.js';
import { enumParam } from './query-param.js';
import { sendError } from './send-error.js';

/**
 * `GET /api/datasets/:name/export.jsonl?answer=accept&session=alice`: every answer as Prodigy
 * JSONL, streamed with backpressure so memory stays flat whatever the dataset's size.
 */
export function exportRoute(pool: pg.Pool, logger: Logger) {
  return async (req: Request, res: Response) => {
    const filter = {
      answer: undefined as AnswerKind | undefined,
      session: typeof req.query.session === 'string' ? req.query.session : undefined,
    };
    let lines: AsyncGenerator<string>;
    let first: IteratorResult<string>;
    try {
      filter.answer = enumParam(req.query.answer, AnswerKind, 'answer');
      lines = exportLines(pool, String(req.params.name), filter);
      first = await lines.next();
    } catch (error) {
      sendError(res, error, logger);
      return;
    }
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${String(req.params.name)}.jsonl"`);
    // A client that goes away never drains: stop there, and end the generator so its cursor's
    // connection goes back to the pool.
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    try {
      for (let item = first; !item.done; item = await lines.next()) {
        if (!res.write(`${item.value}\n`)) await Promise.race([once(res, 'drain'), closed]);
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
