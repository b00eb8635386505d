import type { Request, Response } from 'express';
import type pg from 'pg';
import { InputError } from '../errors.js';
import type { Logger } from '../logger.js';
import { onnxArtifact } from '../models/model-version.service.js';
import { sendError } from './send-error.js';

/**
 * `GET /api/models/:id/model.onnx`: a model version as an ONNX graph any ONNX runtime can run
 * (its metadata, labels and feature settings included).
 */
export function onnxRoute(pool: pg.Pool, logger: Logger) {
  return async (req: Request, res: Response) => {
    try {
      const id = Number(req.params.id);
      if (!Number.isInteger(id)) throw new InputError('expected a version number', { field: 'id' });
      const bytes = await onnxArtifact(pool, id);
      res.setHeader('Content-Type', 'application/octet-stream');
      res.setHeader('Content-Disposition', `attachment; filename="chorus-model-${id}.onnx"`);
      res.end(bytes);
    } catch (error) {
      sendError(res, error, logger);
    }
  };
}
