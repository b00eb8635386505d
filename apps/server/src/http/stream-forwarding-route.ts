import type { Request, Response } from 'express';
import { InputError } from '../errors.js';
import type { Logger } from '../logger.js';
import { LIVE_STREAM_METHODS, localStream, type LiveStreamMethod } from '../streams/live-stream.js';
import type { StreamRegistry } from '../streams/stream-registry.js';
import { sendError } from './send-error.js';

/**
 * `POST /internal/streams/:id/:method` (cluster mode): another process forwards a call on a
 * stream this process owns. 409 when it does not own it (any more), so the caller looks again.
 */
export function streamForwardingRoute(streams: StreamRegistry, logger: Logger) {
  return async (req: Request, res: Response) => {
    try {
      const id = Number(req.params.id);
      const method = String(req.params.method) as LiveStreamMethod;
      if (!LIVE_STREAM_METHODS.includes(method))
        throw new InputError('unknown stream method', { field: 'method' });
      if (!(await streams.owns(id))) {
        res
          .status(409)
          .json({ error: { code: 'CONFLICT', message: `this process does not own stream ${id}` } });
        return;
      }
      const stream = localStream(await streams.local(id));
      const args = Array.isArray(req.body?.args) ? (req.body.args as unknown[]) : [];
      const result = await (stream[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      res.json({ result: result ?? null });
    } catch (error) {
      sendError(res, error, logger);
    }
  };
}
