import { toChorusApiError } from '../../lib/graphql-client';

/** A failed mutation as a form shows it: the message, and the input field it is about. */
export interface FieldError {
  message: string;
  field?: string;
}

/**
 * The field of a Chorus error (`extensions.field`) or of a type-graphql validation error
 * (`extensions.validationErrors[0].property`), so the form can show it next to its input.
 */
export function toFieldError(error: unknown): FieldError {
  const { message, extensions } = toChorusApiError(error);
  const { field, validationErrors } = extensions as {
    field?: unknown;
    validationErrors?: { property?: string }[];
  };
  return {
    message,
    field: typeof field === 'string' ? field : validationErrors?.[0]?.property,
  };
}
