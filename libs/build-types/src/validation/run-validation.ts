import type { z } from 'zod';
import type { FieldError, ValidationResult } from './field-error.js';
import { issuesToFieldErrors } from './zod-issues.js';

/**
 * Checks shape with the schema, then the semantic rules. Rules need well-typed input, so they
 * only run when the shape is right. On success the caller's own object is returned: zod would
 * rebuild it with its keys reordered, and we promise byte-equivalent round trips.
 */
export const runValidation = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  rules: (value: z.output<S>) => FieldError[],
): ValidationResult<z.output<S>> => {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, errors: issuesToFieldErrors(parsed.error) };
  }
  const errors = rules(parsed.data);
  return errors.length === 0 ? { ok: true, value: input as z.output<S> } : { ok: false, errors };
};
