import { ChorusError, type ErrorCode } from '../errors.js';
import { proxyStream, type LiveStream, type LiveStreamMethod } from './live-stream.js';

/** The owner is gone or no longer owns the stream: find the owner again. */
export class OwnerUnavailableError extends Error {}

/** An error the owning process answered with, passed on with its code. */
class ForwardedError extends ChorusError {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    details: Record<string, unknown>,
  ) {
    super(message);
    Object.assign(this.details, details);
  }
}

/** A stream owned by another process: every call is forwarded to it over HTTP. */
export function remoteStream(id: number, ownerUrl: string): LiveStream {
  const call = async (method: LiveStreamMethod, args: unknown[]): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${ownerUrl}/internal/streams/${id}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
    } catch {
      throw new OwnerUnavailableError(`the owner of stream ${id} at ${ownerUrl} does not answer`);
    }
    const body = (await response.json()) as {
      result?: unknown;
      error?: { code: ErrorCode; message: string } & Record<string, unknown>;
    };
    if (response.status === 409) throw new OwnerUnavailableError(`stream ${id} moved`);
    if (body.error) {
      const { code, message, ...details } = body.error;
      throw new ForwardedError(code, response.status, message, details);
    }
    return body.result;
  };
  return proxyStream(id, call);
}
