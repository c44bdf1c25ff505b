import type { BuildOutput } from '../build/build-output.js';
import type { BuildPostCommitSpec } from '../build/post-commit.js';
import { type FieldError, invalid, required } from './field-error.js';
import { isConfigMapKey } from './names.js';
import {
  outputReferenceKinds,
  validateImageReference,
  validateSecretRef,
} from './validate-references.js';

/** Push target kind and name, push secret, and image labels (named, valid, unique). */
export const validateOutput = (output: BuildOutput, path: string): FieldError[] => {
  const errors = [
    ...(output.to
      ? validateImageReference(output.to, `${path}.to`, {
          kinds: outputReferenceKinds,
          kindRequired: true,
          tagRequired: true,
        })
      : []),
    ...validateSecretRef(output.pushSecret, `${path}.pushSecret`),
  ];
  const seen = new Set<string>();
  (output.imageLabels ?? []).forEach((label, i) => {
    const at = `${path}.imageLabels[${i}].name`;
    if (!label.name) {
      errors.push(required(at));
      return;
    }
    if (!isConfigMapKey(label.name)) {
      errors.push(
        invalid(at, label.name, "must consist of alphanumeric characters, '-', '_' or '.'"),
      );
    }
    if (seen.has(label.name)) {
      errors.push(invalid(at, label.name, 'duplicate name'));
    }
    seen.add(label.name);
  });
  return errors;
};

/** `script` and `command` exclude each other. */
export const validatePostCommit = (hook: BuildPostCommitSpec, path: string): FieldError[] =>
  hook.script && hook.command?.length
    ? [invalid(path, '', 'cannot use command and script together')]
    : [];
