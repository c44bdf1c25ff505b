import { randomUUID } from 'node:crypto';
import {
  BuildAnnotation,
  BuildLabel,
  inferSourceType,
  inferStrategyType,
  type Build,
  type BuildConfig,
  type BuildRequest,
  type BuildStrategy,
  type EnvVar,
} from '@kiln/build-types';
import { ApiError } from '../http/api-error.js';
import { phaseConditions } from './build-transitions.js';

/** Label values are at most 63 characters; OpenShift truncates the BuildConfig name the same way. */
const labelValue = (value: string) => value.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');

/** Same-named entries of `overrides` replace those of `base`; new ones are appended. */
function mergeByName(
  base: EnvVar[] | null | undefined,
  overrides: EnvVar[] | null | undefined,
): EnvVar[] | undefined {
  if (!overrides?.length) {
    return base ?? undefined;
  }
  const merged = [...(base ?? [])];
  for (const entry of overrides) {
    const at = merged.findIndex((e) => e.name === entry.name);
    if (at >= 0) {
      merged[at] = entry;
    } else {
      merged.push(entry);
    }
  }
  return merged;
}

/**
 * The request's env over the strategy's, as OpenShift's generator does it: entries the request
 * names are taken out, and the request's are appended in its order, so an overridden variable
 * moves to the end.
 */
function overrideEnv(
  base: EnvVar[] | null | undefined,
  request: EnvVar[] | null | undefined,
): EnvVar[] | undefined {
  if (!request?.length) {
    return base ?? undefined;
  }
  const named = new Set(request.map((e) => e.name));
  return [...(base ?? []).filter((e) => !named.has(e.name)), ...request];
}

/**
 * Strategy options meant for another strategy are an error, not ignored (400, as OpenShift):
 * a caller asking for noCache on a Source build would otherwise believe it got it.
 */
function refuseForeignOptions(strategy: BuildStrategy, request: BuildRequest): void {
  const docker = request.dockerStrategyOptions;
  const dockerAsked = Boolean(docker?.buildArgs?.length) || typeof docker?.noCache === 'boolean';
  const incrementalAsked = typeof request.sourceStrategyOptions?.incremental === 'boolean';
  const type = inferStrategyType(strategy) ?? 'unknown';
  const target = request.metadata?.name ?? '';
  if (dockerAsked && !strategy.dockerStrategy) {
    throw new ApiError(
      'BadRequest',
      `dockerStrategyOptions (buildArgs, noCache) apply only to Docker builds; ${target} uses the ${type} strategy`,
    );
  }
  if (incrementalAsked && !strategy.sourceStrategy) {
    throw new ApiError(
      'BadRequest',
      `sourceStrategyOptions.incremental applies only to Source builds; ${target} uses the ${type} strategy`,
    );
  }
}

/**
 * The request's overrides of the strategy: env (see overrideEnv), and the Docker build args and
 * cache, or the Source incremental flag; options for another strategy are refused.
 */
export function applyRequestOptions(spec: Build['spec'], request: BuildRequest): void {
  const strategy = spec.strategy ?? {};
  refuseForeignOptions(strategy, request);
  const env = request.env;
  if (strategy.dockerStrategy) {
    strategy.dockerStrategy.env = overrideEnv(strategy.dockerStrategy.env, env);
    // OpenShift merges build args by name and promises no order.
    strategy.dockerStrategy.buildArgs = mergeByName(
      strategy.dockerStrategy.buildArgs,
      request.dockerStrategyOptions?.buildArgs,
    );
    const noCache = request.dockerStrategyOptions?.noCache;
    if (typeof noCache === 'boolean') {
      strategy.dockerStrategy.noCache = noCache;
    }
  }
  if (strategy.sourceStrategy) {
    strategy.sourceStrategy.env = overrideEnv(strategy.sourceStrategy.env, env);
    const incremental = request.sourceStrategyOptions?.incremental;
    if (typeof incremental === 'boolean') {
      strategy.sourceStrategy.incremental = incremental;
    }
  }
  if (strategy.customStrategy) {
    strategy.customStrategy.env = overrideEnv(strategy.customStrategy.env, env);
  }
  if (strategy.jenkinsPipelineStrategy) {
    strategy.jenkinsPipelineStrategy.env = overrideEnv(strategy.jenkinsPipelineStrategy.env, env);
  }
}

/**
 * A new Build from its BuildConfig and a BuildRequest, as OpenShift's generator makes it:
 * `<bc>-<n>`, the config's labels plus the build labels, owner reference, request overrides merged
 * into the strategy, phase New. Pure: the caller picks `number` under the config's row lock.
 */
export function generateBuild(
  config: BuildConfig,
  request: BuildRequest,
  number: number,
  now = new Date(),
): Build {
  const bcName = config.metadata.name ?? '';
  const spec = structuredClone(config.spec ?? {}) as Build['spec'] & Record<string, unknown>;
  for (const key of [
    'triggers',
    'runPolicy',
    'successfulBuildsHistoryLimit',
    'failedBuildsHistoryLimit',
  ]) {
    delete spec[key];
  }
  applyRequestOptions(spec, request);
  if (request.revision) {
    spec.revision = request.revision;
  }
  const strategy = spec.strategy ?? {};
  if (request.from && strategy.sourceStrategy) {
    strategy.sourceStrategy.from = request.from;
  } else if (request.from && strategy.dockerStrategy) {
    strategy.dockerStrategy.from = request.from;
  }
  if (request.binary && spec.source) {
    // As OpenShift's generator: the upload replaces git, and an uploaded Dockerfile the inline one.
    const { git: _git, ...source } = spec.source;
    spec.source = { ...source, binary: { ...spec.source.binary, ...request.binary } };
    if (request.binary.asFile === 'Dockerfile') {
      delete spec.source.dockerfile;
    }
    spec.source.type = inferSourceType(spec.source);
  }
  spec.triggeredBy = request.triggeredBy?.length
    ? request.triggeredBy
    : [{ message: 'Manually triggered' }];
  const name = `${bcName}-${number}`;
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'Build',
    metadata: {
      name,
      namespace: config.metadata.namespace,
      uid: randomUUID(),
      creationTimestamp: now.toISOString(),
      labels: {
        ...config.metadata.labels,
        ...request.metadata?.labels,
        [BuildLabel.BuildConfig]: labelValue(bcName),
        [BuildLabel.BuildConfigName]: labelValue(bcName),
        [BuildLabel.BuildStartPolicy]: config.spec?.runPolicy ?? 'Serial',
      },
      annotations: {
        ...request.metadata?.annotations,
        [BuildAnnotation.BuildConfigName]: bcName,
        [BuildAnnotation.BuildNumber]: String(number),
      },
      ownerReferences: [
        {
          apiVersion: 'build.openshift.io/v1',
          kind: 'BuildConfig',
          name: bcName,
          uid: config.metadata.uid ?? '',
          controller: true,
        },
      ],
    },
    spec,
    status: {
      phase: 'New',
      conditions: phaseConditions({ phase: 'New' }, now),
      config: { kind: 'BuildConfig', namespace: config.metadata.namespace, name: bcName },
    },
  };
}
