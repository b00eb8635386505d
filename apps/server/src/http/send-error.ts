import type { Response } from 'express';
import { isDatabaseUnavailable } from '../database/unavailable.js';
import { ChorusError, UnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';

/** The REST endpoints answer errors as `{ error: { code, message, line?, field? } }`. */
export function sendError(res: Response, caught: unknown, logger: Logger): void {
  const error = isDatabaseUnavailable(caught) ? new UnavailableError() : caught;
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
