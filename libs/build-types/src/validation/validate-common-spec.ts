import type { CommonSpec } from '../build/common-spec.js';
import { type FieldError, invalid } from './field-error.js';
import { qualifiedNameProblems, isLabelValue } from './names.js';
import { validateOutput, validatePostCommit } from './validate-output.js';
import { validateSource } from './validate-source.js';
import { validateStrategy } from './validate-strategy.js';
import { isSet } from '../shared/is-set.js';

const validateNodeSelector = (selector: CommonSpec['nodeSelector'], path: string): FieldError[] =>
  Object.entries(selector ?? {}).flatMap(([key, value]) =>
    qualifiedNameProblems(key).length > 0 || !isLabelValue(value)
      ? [invalid(`${path}[${key}]`, value, 'must be a valid node selector')]
      : [],
  );

/** Rules shared by BuildConfig and Build specs. */
export const validateCommonSpec = (spec: CommonSpec, path: string): FieldError[] => {
  const { strategy } = spec;
  const source = spec.source ?? {};
  const errors: FieldError[] = [];
  const isDocker =
    !!strategy.dockerStrategy ||
    (strategy.type === 'Docker' && !strategy.sourceStrategy && !strategy.customStrategy);
  // `type: Binary` alone counts: defaulting adds the `binary: {}` it implies, as OpenShift's
  // API server does before it validates.
  const declaresBinary = source.type?.toLowerCase() === 'binary';
  const hasInput =
    !!source.git ||
    !!source.binary ||
    declaresBinary ||
    isSet(source.dockerfile) ||
    !!source.images;
  if (isDocker && !strategy.jenkinsPipelineStrategy && !hasInput) {
    errors.push(
      invalid(
        `${path}.source`,
        '',
        'must provide a value for at least one source input (git, binary, dockerfile, images)',
      ),
    );
  }
  errors.push(
    ...validateSource(source, `${path}.source`, { isDocker, isCustom: !!strategy.customStrategy }),
  );
  if (isSet(spec.completionDeadlineSeconds) && spec.completionDeadlineSeconds <= 0) {
    errors.push(
      invalid(
        `${path}.completionDeadlineSeconds`,
        spec.completionDeadlineSeconds,
        'must be a positive integer greater than 0',
      ),
    );
  }
  errors.push(...validateOutput(spec.output ?? {}, `${path}.output`));
  errors.push(...validateStrategy(strategy, `${path}.strategy`));
  errors.push(...validatePostCommit(spec.postCommit ?? {}, `${path}.postCommit`));
  errors.push(...validateNodeSelector(spec.nodeSelector, `${path}.nodeSelector`));
  return errors;
};
