import { hash, verify } from '@node-rs/argon2';
import { InputError } from '../errors.js';

/** NIST SP 800-63B: at least 8 characters, no composition rules; the upper bound caps hashing cost. */
const MIN_LENGTH = 8;
const MAX_LENGTH = 1024;

/** argon2id with the library's defaults (OWASP's minimums: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_LENGTH || password.length > MAX_LENGTH)
    throw new InputError(`use ${MIN_LENGTH} to ${MAX_LENGTH} characters`, { field: 'password' });
  return hash(password);
}

// Checked when the name is unknown, so that a wrong name takes as long as a wrong password.
const unknownUserHash = hash('no user has this password');

export async function passwordMatches(password: string, stored?: string): Promise<boolean> {
  if (password.length > MAX_LENGTH) return false;
  const matches = await verify(stored ?? (await unknownUserHash), password);
  return matches && stored !== undefined;
}
