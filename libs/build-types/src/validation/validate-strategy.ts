import type { BuildStrategy } from '../build/build-strategy.js';
import { BuildStrategyType, strategyFieldByType } from '../build/build-strategy.js';
import type { DockerBuildStrategy } from '../build/docker-strategy.js';
import type { JenkinsPipelineBuildStrategy } from '../build/jenkins-pipeline-strategy.js';
import { type FieldError, duplicate, invalid, required, unsupported } from './field-error.js';
import { escapesRoot, isAbsolutePath } from './paths.js';
import { validateEnv } from './validate-env.js';
import { validateImageReference, validateSecretRef } from './validate-references.js';
import { validateBuildVolumes } from './validate-volumes.js';

const maxJenkinsfileBytes = 100_000;

const validateDocker = (s: DockerBuildStrategy, path: string): FieldError[] => {
  const errors = [
    ...(s.from ? validateImageReference(s.from, `${path}.from`) : []),
    ...validateSecretRef(s.pullSecret, `${path}.pullSecret`),
    ...validateEnv(s.env, `${path}.env`),
    ...validateEnv(s.buildArgs, `${path}.buildArgs`),
    ...validateBuildVolumes(s.volumes, `${path}.volumes`),
  ];
  if (s.dockerfilePath && (isAbsolutePath(s.dockerfilePath) || escapesRoot(s.dockerfilePath))) {
    errors.push(
      invalid(
        `${path}.dockerfilePath`,
        s.dockerfilePath,
        'dockerfilePath must be a relative path within your source location',
      ),
    );
  }
  return errors;
};

const validateJenkins = (s: JenkinsPipelineBuildStrategy, path: string): FieldError[] => {
  if (s.jenkinsfile && s.jenkinsfilePath) {
    return [
      invalid(path, '', 'must provide a value for at most one of jenkinsfilePath, or jenkinsfile'),
    ];
  }
  const errors = validateEnv(s.env, `${path}.env`);
  if ((s.jenkinsfile?.length ?? 0) > maxJenkinsfileBytes) {
    errors.push(
      invalid(`${path}.jenkinsfile`, '', `must be smaller than ${maxJenkinsfileBytes} bytes`),
    );
  }
  if (s.jenkinsfilePath && (isAbsolutePath(s.jenkinsfilePath) || escapesRoot(s.jenkinsfilePath))) {
    errors.push(
      invalid(
        `${path}.jenkinsfilePath`,
        s.jenkinsfilePath,
        'must be a relative path within your source location',
      ),
    );
  }
  return errors;
};

const validateCustomSecrets = (strategy: BuildStrategy, path: string): FieldError[] => {
  const mountPaths = new Set<string>();
  return (strategy.customStrategy?.secrets ?? []).flatMap((secret, i) => {
    const at = `${path}.customStrategy.secrets[${i}]`;
    const errors = validateSecretRef(secret.secretSource, `${at}.secretSource`);
    if (!secret.mountPath) {
      errors.push(required(`${at}.mountPath`));
    } else if (mountPaths.has(secret.mountPath)) {
      errors.push(duplicate(`${at}.mountPath`, secret.mountPath));
    }
    mountPaths.add(secret.mountPath);
    return errors;
  });
};

const strategyTypes = Object.values(BuildStrategyType);

/** Exactly one strategy block, agreeing with `type`; then the rules of that block. */
export const validateStrategy = (strategy: BuildStrategy, path: string): FieldError[] => {
  const present = strategyTypes.filter((t) => strategy[strategyFieldByType[t]]);
  // `type: Docker` without a block is fine: defaulting adds an empty dockerStrategy.
  const dockerByDefault = present.length === 0 && strategy.type === 'Docker';
  if (strategy.type && !strategyTypes.some((t) => t === strategy.type)) {
    return [unsupported(`${path}.type`, strategy.type, strategyTypes)];
  }
  if (present.length !== 1 && !dockerByDefault) {
    return [
      invalid(
        path,
        '',
        'must provide a value for exactly one of sourceStrategy, customStrategy, dockerStrategy, or jenkinsPipelineStrategy',
      ),
    ];
  }
  if (strategy.type && present[0] && strategy.type !== present[0]) {
    return [
      invalid(
        `${path}.type`,
        strategy.type,
        `does not match the strategy block present (${strategyFieldByType[present[0]]})`,
      ),
    ];
  }
  const { dockerStrategy: docker, sourceStrategy: source, customStrategy: custom } = strategy;
  const jenkins = strategy.jenkinsPipelineStrategy;
  return [
    ...(docker ? validateDocker(docker, `${path}.dockerStrategy`) : []),
    ...(source
      ? [
          ...validateImageReference(source.from, `${path}.sourceStrategy.from`),
          ...validateSecretRef(source.pullSecret, `${path}.sourceStrategy.pullSecret`),
          ...validateEnv(source.env, `${path}.sourceStrategy.env`),
          ...validateBuildVolumes(source.volumes, `${path}.sourceStrategy.volumes`),
        ]
      : []),
    ...(custom
      ? [
          ...validateImageReference(custom.from, `${path}.customStrategy.from`),
          ...validateSecretRef(custom.pullSecret, `${path}.customStrategy.pullSecret`),
          ...validateEnv(custom.env, `${path}.customStrategy.env`),
          ...validateCustomSecrets(strategy, path),
        ]
      : []),
    ...(jenkins ? validateJenkins(jenkins, `${path}.jenkinsPipelineStrategy`) : []),
  ];
};
