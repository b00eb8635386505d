/**
 * Whether an error means "the database cannot be reached right now" rather than a bug: the
 * server answers those as UNAVAILABLE (HTTP 503) and carries on, instead of an internal error.
 */

/** Socket-level failures to reach a server. */
export const UNREACHABLE_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
];

/** PostgreSQL's own: shutting down, starting up, connection failures (classes 57P and 08). */
const SERVER_CODES = ['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006'];

const CODES = new Set([...UNREACHABLE_CODES, ...SERVER_CODES]);

/** What pg and knex say when a connection dies under them (they give no code). */
const MESSAGES =
  /Connection terminated|Client has encountered a connection error|connection is (closed|not open)|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && CODES.has(code)) return true;
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
