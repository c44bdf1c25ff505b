import { type BuildConfig, buildConfigSchema } from '../build/build-config.js';
import { inputImageOf } from '../build/input-image.js';
import { type FieldError, type ValidationResult, invalid } from './field-error.js';
import { runValidation } from './run-validation.js';
import { validateCommonSpec } from './validate-common-spec.js';
import { validateObjectMeta } from './validate-object-meta.js';
import { validateTriggers } from './validate-triggers.js';
import { isSet } from '../shared/is-set.js';

const nonNegative = (value: number | null | undefined, field: string): FieldError[] =>
  isSet(value) && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];

const rules = (bc: BuildConfig): FieldError[] => [
  ...validateObjectMeta(bc.metadata, 'metadata'),
  ...validateTriggers(bc.spec, inputImageOf(bc.spec.strategy), 'spec.triggers'),
  ...nonNegative(bc.spec.successfulBuildsHistoryLimit, 'spec.successfulBuildsHistoryLimit'),
  ...nonNegative(bc.spec.failedBuildsHistoryLimit, 'spec.failedBuildsHistoryLimit'),
  ...validateCommonSpec(bc.spec, 'spec'),
];

/** Validates a BuildConfig as the API server would on create, reporting every problem. */
export const validateBuildConfig = (input: unknown): ValidationResult<BuildConfig> =>
  runValidation(buildConfigSchema, input, rules);
