import type { NextFunction, Request, Response } from 'express';

/** Whether a browser page of `origin` may call the API (`*` in the list allows any). */
export function isAllowedOrigin(allowed: readonly string[], origin: string): boolean {
  return allowed.includes('*') || allowed.includes(origin);
}

/**
 * CORS for the configured web origins only: a page of any other site gets no
 * `Access-Control-Allow-Origin`, so its browser keeps the answer from it.
 */
export function corsFor(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin !== undefined && isAllowedOrigin(allowed, origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader(
        'Access-Control-Allow-Headers',
        'content-type, x-chorus-user, authorization, apollo-require-preflight',
      );
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') res.status(204).end();
    else next();
  };
}
