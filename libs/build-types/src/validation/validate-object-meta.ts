import type { ObjectMeta } from '../core/object-meta.js';
import { type FieldError, invalid, required } from './field-error.js';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  isLabelValue,
  qualifiedNameProblems,
} from './names.js';

type NameRule = (name: string) => string[];

/** Name, namespace, label and annotation syntax for a namespaced object whose name is required. */
export const validateObjectMeta = (
  meta: ObjectMeta,
  path: string,
  nameProblems: NameRule = dns1123SubdomainProblems,
): FieldError[] => {
  const errors: FieldError[] = [];
  if (!meta.name) {
    errors.push(required(`${path}.name`, 'name or generateName is required'));
  } else {
    errors.push(...nameProblems(meta.name).map((p) => invalid(`${path}.name`, meta.name, p)));
  }
  if (meta.namespace) {
    errors.push(
      ...dns1123LabelProblems(meta.namespace).map((p) =>
        invalid(`${path}.namespace`, meta.namespace, p),
      ),
    );
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    const field = `${path}.labels[${key}]`;
    errors.push(...qualifiedNameProblems(key).map((p) => invalid(field, key, p)));
    if (!isLabelValue(value)) {
      errors.push(
        invalid(
          field,
          value,
          'a label value must be at most 63 alphanumeric characters, "-", "_" or "."',
        ),
      );
    }
  }
  for (const key of Object.keys(meta.annotations ?? {})) {
    const field = `${path}.annotations[${key}]`;
    errors.push(...qualifiedNameProblems(key.toLowerCase()).map((p) => invalid(field, key, p)));
  }
  return errors;
};
