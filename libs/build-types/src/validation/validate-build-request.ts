import { type BuildRequest, buildRequestSchema } from '../build/build-request.js';
import { type FieldError, type ValidationResult, invalid } from './field-error.js';
import { isPathSegmentName } from './names.js';
import { runValidation } from './run-validation.js';
import { validateEnv } from './validate-env.js';
import { validateObjectMeta } from './validate-object-meta.js';
import { validateImageReference } from './validate-references.js';
import { isSet } from '../shared/is-set.js';

// The request's name addresses a BuildConfig in a URL, so only path-segment rules apply.
const pathSegmentProblems = (name: string): string[] =>
  isPathSegmentName(name) ? [] : ['may not be "." or "..", and may not contain "/" or "%"'];

const rules = (request: BuildRequest): FieldError[] => {
  const errors = [
    ...validateObjectMeta(request.metadata, 'metadata', pathSegmentProblems),
    ...validateEnv(request.env, 'env'),
    ...validateEnv(request.dockerStrategyOptions?.buildArgs, 'dockerStrategyOptions.buildArgs'),
    ...(request.from ? validateImageReference(request.from, 'from') : []),
  ];
  const asFile = request.binary?.asFile;
  if (asFile && (/[/\\]/.test(asFile) || asFile === '.' || asFile === '..')) {
    errors.push(
      invalid(
        'binary.asFile',
        asFile,
        'file name may not contain slashes or relative path segments',
      ),
    );
  }
  if (isSet(request.lastVersion) && request.lastVersion < 0) {
    errors.push(invalid('lastVersion', request.lastVersion, 'must be greater than or equal to 0'));
  }
  return errors;
};

/** Validates an instantiate/clone request body. */
export const validateBuildRequest = (input: unknown): ValidationResult<BuildRequest> =>
  runValidation(buildRequestSchema, input, rules);
