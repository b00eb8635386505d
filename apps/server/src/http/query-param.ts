import { InputError } from '../errors.js';

/** A query parameter that must be one of an enum's values, or absent. */
export function enumParam<T extends Record<string, string>>(
  value: unknown,
  values: T,
  field: string,
): T[keyof T] | undefined {
  if (value === undefined) return undefined;
  const allowed = Object.values(values);
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new InputError(`expected one of ${allowed.join(', ')}`, { field });
  }
  return value as T[keyof T];
}
