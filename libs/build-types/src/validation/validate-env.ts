import type { EnvVar } from '../core/env-var.js';
import { type FieldError, forbidden, invalid, required } from './field-error.js';
import { isConfigMapKey, isEnvVarName } from './names.js';

const envNameProblem =
  'must consist of alphabetic characters, digits, "_", "-" or ".", and must not start with a digit';

const validateValueFrom = (env: EnvVar, path: string): FieldError[] => {
  const from = env.valueFrom;
  if (!from) {
    return [];
  }
  const errors: FieldError[] = [];
  if (env.value) {
    errors.push(invalid(`${path}.valueFrom`, '', 'may not be specified when `value` is not empty'));
  }
  if (from.resourceFieldRef) {
    errors.push(
      forbidden(`${path}.valueFrom.resourceFieldRef`, 'not valid for build environment variables'),
    );
  }
  const sources = [from.fieldRef, from.configMapKeyRef, from.secretKeyRef].filter(Boolean).length;
  if (sources + (from.resourceFieldRef ? 1 : 0) !== 1) {
    errors.push(
      invalid(
        `${path}.valueFrom`,
        '',
        'must specify exactly one of fieldRef, configMapKeyRef or secretKeyRef',
      ),
    );
  }
  for (const ref of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const selector = from[ref];
    if (!selector) {
      continue;
    }
    if (!selector.name) {
      errors.push(required(`${path}.valueFrom.${ref}.name`));
    }
    if (!isConfigMapKey(selector.key)) {
      errors.push(
        invalid(`${path}.valueFrom.${ref}.key`, selector.key, 'must be a valid config key'),
      );
    }
  }
  if (from.fieldRef && !from.fieldRef.fieldPath) {
    errors.push(required(`${path}.valueFrom.fieldRef.fieldPath`));
  }
  return errors;
};

/** Names well formed, and never both a literal value and a valueFrom. */
export const validateEnv = (
  env: readonly EnvVar[] | null | undefined,
  path: string,
): FieldError[] =>
  (env ?? []).flatMap((entry, i) => {
    const itemPath = `${path}[${i}]`;
    const errors: FieldError[] = [];
    if (!entry.name) {
      errors.push(required(`${itemPath}.name`));
    } else if (!isEnvVarName(entry.name)) {
      errors.push(invalid(`${itemPath}.name`, entry.name, envNameProblem));
    }
    return [...errors, ...validateValueFrom(entry, itemPath)];
  });
