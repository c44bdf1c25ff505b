import { randomUUID } from 'node:crypto';
import {
  BuildAnnotation,
  BuildLabel,
  inferSourceType,
  type Build,
  type BuildRequest,
} from '@kiln/build-types';
import { phaseConditions } from './build-transitions.js';
import { applyRequestOptions } from './generate-build.js';

const SYSTEM_LABELS: readonly string[] = Object.values(BuildLabel);

/**
 * A re-run of `original`, as OpenShift's generator clones a build: the original's spec (not its
 * BuildConfig's current one), labels, annotations and owner, with the request's env and strategy
 * options applied. `number` comes from the BuildConfig's counter; a build whose BuildConfig is
 * gone gets a time suffix and no number. An upload cannot be replayed, so `source.binary` is
 * dropped, as OpenShift does. Pure: the caller numbers it under the config's row lock.
 */
export function cloneBuild(
  original: Build,
  request: BuildRequest,
  number: number | undefined,
  now = new Date(),
): Build {
  const spec = structuredClone(original.spec);
  if (spec.source?.binary) {
    delete spec.source.binary;
    spec.source.type = inferSourceType(spec.source);
  }
  applyRequestOptions(spec, request);
  spec.triggeredBy = request.triggeredBy?.length
    ? request.triggeredBy
    : [{ message: 'Manually triggered' }];
  const meta = original.metadata;
  const bcName = meta.annotations?.[BuildAnnotation.BuildConfigName];
  const system = Object.entries(meta.labels ?? {}).filter(([key]) => SYSTEM_LABELS.includes(key));
  const annotations: Record<string, string> = {
    ...meta.annotations,
    ...request.metadata?.annotations,
    [BuildAnnotation.BuildCloneOf]: meta.name ?? '',
  };
  delete annotations[BuildAnnotation.BuildPodName];
  for (const key of Object.keys(annotations).filter((k) => k.startsWith('openshift.io/jenkins'))) {
    delete annotations[key];
  }
  if (number === undefined) {
    delete annotations[BuildAnnotation.BuildNumber];
  } else {
    annotations[BuildAnnotation.BuildNumber] = String(number);
  }
  return {
    apiVersion: original.apiVersion ?? 'build.openshift.io/v1',
    kind: 'Build',
    metadata: {
      name:
        number !== undefined && bcName
          ? `${bcName}-${number}`
          : `${meta.name ?? ''}-${timeSuffix(now)}`,
      namespace: meta.namespace,
      uid: randomUUID(),
      creationTimestamp: now.toISOString(),
      labels: { ...meta.labels, ...request.metadata?.labels, ...Object.fromEntries(system) },
      annotations,
      ...(meta.ownerReferences ? { ownerReferences: structuredClone(meta.ownerReferences) } : {}),
    },
    spec,
    status: {
      phase: 'New',
      conditions: phaseConditions({ phase: 'New' }, now),
      ...(original.status?.config ? { config: structuredClone(original.status.config) } : {}),
    },
  };
}

/** The last 10 digits of the time in nanoseconds, as OpenShift names clones without a config. */
const timeSuffix = (now: Date): string =>
  (BigInt(now.getTime()) * 1_000_000n + BigInt(process.hrtime.bigint() % 1_000_000n))
    .toString()
    .slice(-10);
