import type { NextFunction, Request, Response } from 'express';
import type { Limits } from '../config.js';
import { ChorusError, InputError, LimitError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import { sendError } from './send-error.js';

/** What body-parser puts on the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * Errors raised before a route runs (a body too large or not JSON, a path that does not exist)
 * in the shape of every other error — `{ errors: [...] }` under `/graphql`, `{ error }` elsewhere —
 * instead of Express's HTML page with its stack and `node_modules` paths.
 */
export function httpErrorHandler(limits: Limits, logger: Logger) {
  // Express knows an error handler by its four parameters.
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = asChorusError(error as BodyParserError, limits);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (req.originalUrl.startsWith('/graphql') && known) {
      res.status(known.status).json({
        errors: [{ message: known.message, extensions: { code: known.code, ...known.details } }],
      });
      return;
    }
    sendError(res, known ?? error, logger);
  };
}

function asChorusError(error: BodyParserError, limits: Limits): ChorusError | undefined {
  if (error instanceof ChorusError) return error;
  if (error.type === 'entity.too.large')
    return new LimitError(
      `the request body is larger than ${limits.httpBodyBytes} bytes`,
      'HTTP_BODY_LIMIT_BYTES',
      limits.httpBodyBytes,
    );
  if (error.type === 'entity.parse.failed') return new InputError('the request body is not JSON');
  // Other client errors of body-parser: an unknown charset or encoding, an aborted body.
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500)
    return new InputError('the request body cannot be read');
  return undefined;
}

/** Any path no route answers. */
export function notFoundHandler(req: Request, res: Response) {
  const error = new NotFoundError('path', req.path);
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
}
