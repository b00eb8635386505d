import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stderr, so stdout stays free for CLI output (exports, tables). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'chorus' } }, pino.destination(2));
}
