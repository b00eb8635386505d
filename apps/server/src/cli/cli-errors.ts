import { ConfigError } from '../config.js';
import { ChorusError, InputError } from '../errors.js';

/** What the file system says, in the words of `Error: <file>: no such file`. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
};

/**
 * The one line a user sees for an error they can act on (bad input, a missing file, bad
 * configuration), or undefined for a bug, whose stack trace is worth printing.
 */
export function userMessage(error: unknown): string | undefined {
  if (error instanceof ChorusError || error instanceof ConfigError) return error.message;
  const { code, path } = error as NodeJS.ErrnoException;
  if (code !== undefined && path !== undefined && FILE_ERRORS[code])
    return `${path}: ${FILE_ERRORS[code]}`;
  return undefined;
}

/**
 * `parseArgs`' errors as one sentence naming the command (its own messages give advice about
 * positionals that nobody asked for); other errors unchanged.
 */
export function optionError(error: unknown, command: string): unknown {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^' ]+)/.exec(message ?? '')?.[1];
  const help = `see chorus ${command} --help`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return new InputError(`unknown option ${option} for ${command} (${help})`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const reason = message?.includes('does not take') ? 'takes no value' : 'needs a value';
    return new InputError(`${option} ${reason} (${help})`);
  }
  return error;
}
