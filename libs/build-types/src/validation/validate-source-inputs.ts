import type { BuildSource } from '../build/build-source.js';
import type { LocalObjectReference } from '../core/object-reference.js';
import { type FieldError, invalid, required } from './field-error.js';
import { dns1123SubdomainProblems } from './names.js';
import { escapesRoot, isAbsolutePath } from './paths.js';

type Input = { ref: LocalObjectReference; destinationDir?: string | null };

const validateInputs = (
  inputs: readonly Input[],
  path: string,
  refField: string,
  isDocker: boolean,
): FieldError[] =>
  inputs.flatMap(({ ref, destinationDir }, i) => {
    const at = `${path}[${i}]`;
    const errors: FieldError[] = [];
    if (!ref.name) {
      errors.push(required(`${at}.${refField}.name`));
    } else if (dns1123SubdomainProblems(ref.name).length > 0) {
      errors.push(invalid(`${at}.${refField}.name`, ref.name, 'must be a valid object name'));
    }
    if (destinationDir && escapesRoot(destinationDir)) {
      errors.push(
        invalid(`${at}.destinationDir`, destinationDir, "destination dir cannot start with '..'"),
      );
    }
    // Docker builds copy inputs into the context, so only relative paths make sense there.
    if (destinationDir && isDocker && isAbsolutePath(destinationDir)) {
      errors.push(
        invalid(
          `${at}.destinationDir`,
          destinationDir,
          'for the docker strategy the destinationDir has to be relative path',
        ),
      );
    }
    return errors;
  });

/** Secrets and ConfigMaps given to the build as files. */
export const validateInputDirs = (
  source: BuildSource,
  path: string,
  isDocker: boolean,
): FieldError[] => [
  ...validateInputs(
    (source.secrets ?? []).map((s) => ({ ref: s.secret, destinationDir: s.destinationDir })),
    `${path}.secrets`,
    'secret',
    isDocker,
  ),
  ...validateInputs(
    (source.configMaps ?? []).map((c) => ({ ref: c.configMap, destinationDir: c.destinationDir })),
    `${path}.configMaps`,
    'configMap',
    isDocker,
  ),
];
