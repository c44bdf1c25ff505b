import type { z } from 'zod';
import { type FieldError, formatPath, required, unsupported } from './field-error.js';

/** Turns schema (shape and type) failures into field errors; parse with `reportInput: true`. */
export const issuesToFieldErrors = (error: z.ZodError): FieldError[] =>
  error.issues.map((issue) => {
    const field = formatPath(issue.path);
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return required(field);
    }
    if (issue.code === 'invalid_value') {
      return unsupported(field, issue.input, issue.values.map(String));
    }
    return { field, message: issue.message };
  });
