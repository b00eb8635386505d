import type { Response } from 'express';
import { ChorusError } from '../errors.js';
import type { Logger } from '../logger.js';

/** The REST endpoints answer errors as `{ error: { code, message, line?, field? } }`. */
export function sendError(res: Response, error: unknown, logger: Logger): void {
  if (error instanceof ChorusError) {
    res
      .status(error.status)
      .json({ error: { code: error.code, message: error.message, ...error.details } });
    return;
  }
  logger.error({ err: error }, 'internal error in an HTTP request');
  res
    .status(500)
    .json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
}
