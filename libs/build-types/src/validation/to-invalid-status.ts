import type { Status } from '../core/status.js';
import type { FieldError } from './field-error.js';

// Kubernetes cause reasons, recovered from the message prefixes our helpers write.
const causeReasons: readonly [string, string][] = [
  ['Required value', 'FieldValueRequired'],
  ['Unsupported value', 'FieldValueNotSupported'],
  ['Duplicate value', 'FieldValueDuplicate'],
  ['Forbidden', 'FieldValueForbidden'],
];

const causeReason = (message: string): string =>
  causeReasons.find(([prefix]) => message.startsWith(prefix))?.[1] ?? 'FieldValueInvalid';

/** The 422 `Status` the API returns for an invalid object, one cause per field error. */
export const toInvalidStatus = (
  kind: string,
  name: string,
  errors: readonly FieldError[],
  group = 'build.openshift.io',
): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  reason: 'Invalid',
  code: 422,
  message: `${kind}.${group} "${name}" is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join(', ')}`,
  details: {
    name,
    group,
    kind: kind.toLowerCase() + 's',
    causes: errors.map((e) => ({
      field: e.field,
      message: e.message,
      reason: causeReason(e.message),
    })),
  },
});
