import { type Build, buildSchema } from '../build/build.js';
import type { ValidationResult } from './field-error.js';
import { runValidation } from './run-validation.js';
import { validateCommonSpec } from './validate-common-spec.js';
import { validateObjectMeta } from './validate-object-meta.js';

/** Validates a Build: metadata and the common spec (status shape is checked by the schema). */
export const validateBuild = (input: unknown): ValidationResult<Build> =>
  runValidation(buildSchema, input, (build) => [
    ...validateObjectMeta(build.metadata, 'metadata'),
    ...validateCommonSpec(build.spec, 'spec'),
  ]);
