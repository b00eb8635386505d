/**
 * The few errors a client can see. Each maps to a GraphQL error code (and an HTTP status for the
 * REST endpoints); anything else is an internal error whose details stay in the logs.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'LIMIT_EXCEEDED'
  | 'UNAVAILABLE';

export abstract class ChorusError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: number;
  /** Extra fields a client can act on (a file line, a field name). */
  readonly details: Record<string, unknown> = {};
}

/** Bad input, with where it is: `line` of a file, `field` of a record, `offset` in a text. */
export class InputError extends ChorusError {
  readonly code = 'BAD_USER_INPUT';
  readonly status = 400;
  constructor(
    readonly reason: string,
    readonly where: { line?: number; field?: string; offset?: number } = {},
  ) {
    const place = [
      where.line !== undefined ? `line ${where.line}` : undefined,
      where.field !== undefined ? `field "${where.field}"` : undefined,
      where.offset !== undefined ? `offset ${where.offset}` : undefined,
    ].filter(Boolean);
    super(place.length > 0 ? `${place.join(', ')}: ${reason}` : reason);
    Object.assign(this.details, where);
  }

  /** The same error about a field of an item of a list (`inputs[3]` + `taskHash`). */
  within(item: string): InputError {
    return new InputError(this.reason, {
      ...this.where,
      field: this.where.field ? `${item}.${this.where.field}` : item,
    });
  }
}

export class NotFoundError extends ChorusError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  constructor(what: string, name: string) {
    super(`${what} "${name}" does not exist`);
  }
}

export class ConflictError extends ChorusError {
  readonly code = 'CONFLICT';
  readonly status = 409;
}

/** No credentials, or ones that are unknown, revoked or expired. */
export class UnauthenticatedError extends ChorusError {
  readonly code = 'UNAUTHENTICATED';
  readonly status = 401;
  constructor() {
    super('Sign in, or send an API token (Authorization: Bearer <token>)');
  }
}

/** Signed in, but the role does not allow it (objects of ungranted datasets answer NOT_FOUND). */
export class ForbiddenError extends ChorusError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
}

/** A request past one of the configured limits; `limit` names the setting that allows more. */
export class LimitError extends ChorusError {
  readonly code = 'LIMIT_EXCEEDED';
  constructor(
    message: string,
    readonly limit: string,
    readonly max: number,
    readonly status = 413,
  ) {
    super(message);
    Object.assign(this.details, { limit, max });
  }
}

/** The database cannot be reached right now (restarting, a dropped network): retry soon. */
export class UnavailableError extends ChorusError {
  readonly code = 'UNAVAILABLE';
  readonly status = 503;
  constructor() {
    super('The database is unavailable right now; try again in a few seconds');
    this.name = 'UnavailableError';
  }
}
