import type { BuildConfig, BuildConfigSpec } from '../build/build-config.js';
import type { BuildSource } from '../build/build-source.js';
import type { BuildStrategy } from '../build/build-strategy.js';
import {
  BuildTriggerType,
  type BuildTriggerPolicy,
  legacyTriggerTypes,
} from '../build/triggers.js';
import type { ObjectReference } from '../core/object-reference.js';
import { cleanPath, escapesRoot } from '../validation/paths.js';
import { inferSourceType, inferStrategyType } from './infer-types.js';

/** Default history limits for BuildConfigs created through the `build.openshift.io` group. */
export const defaultHistoryLimit = 5;

const withKind = <T extends ObjectReference | null | undefined>(ref: T): T =>
  ref && !ref.kind ? { ...ref, kind: 'ImageStreamTag' } : ref;

// Upstream's validation stores cleaned paths back; `.` means "the root" and is dropped.
const cleaned = <T extends object, K extends keyof T>(obj: T, key: K): T => {
  const value = obj[key];
  if (typeof value !== 'string' || !value || escapesRoot(value)) {
    return obj;
  }
  const clean = cleanPath(value);
  if (clean !== '.') {
    return { ...obj, [key]: clean };
  }
  const rest = { ...obj };
  delete rest[key];
  return rest;
};

const defaultSource = (input: BuildSource): BuildSource => {
  const needsBinary = input.type?.toLowerCase() === 'binary' && !input.binary;
  const source = cleaned(needsBinary ? { ...input, binary: {} } : input, 'contextDir');
  return { ...source, type: inferSourceType(source) };
};

const defaultStrategy = (input: BuildStrategy): BuildStrategy => {
  const s =
    input.type === 'Docker' && !inferStrategyType(input) ? { ...input, dockerStrategy: {} } : input;
  const docker =
    s.dockerStrategy &&
    cleaned({ ...s.dockerStrategy, from: withKind(s.dockerStrategy.from) }, 'dockerfilePath');
  const out: BuildStrategy = {
    ...s,
    ...(docker && { dockerStrategy: docker }),
    ...(s.sourceStrategy && {
      sourceStrategy: { ...s.sourceStrategy, from: withKind(s.sourceStrategy.from) },
    }),
    ...(s.customStrategy && {
      customStrategy: { ...s.customStrategy, from: withKind(s.customStrategy.from) },
    }),
  };
  const type = inferStrategyType(out);
  return type ? { ...out, type } : out;
};

const knownTypes: readonly string[] = Object.values(BuildTriggerType);

// Legacy spellings become canonical; unknown types are dropped, as the API server does.
const defaultTriggers = (triggers: readonly BuildTriggerPolicy[]): BuildTriggerPolicy[] =>
  triggers
    .map((t) => ({ ...t, type: legacyTriggerTypes[t.type] ?? t.type }))
    .filter((t) => knownTypes.includes(t.type))
    .map((t) => (t.type === 'ImageChange' && !t.imageChange ? { ...t, imageChange: {} } : t));

/**
 * Applies OpenShift's defaults to a BuildConfig and returns a new object (the input is untouched):
 * run policy, history limits, strategy and source types recomputed, `from.kind`, cleaned paths,
 * canonical trigger types. Validate first: defaulting assumes a well-formed object.
 */
export const applyBuildConfigDefaults = (input: BuildConfig): BuildConfig => {
  const bc = structuredClone(input);
  const spec: BuildConfigSpec = {
    ...bc.spec,
    runPolicy: bc.spec.runPolicy ?? 'Serial',
    successfulBuildsHistoryLimit: bc.spec.successfulBuildsHistoryLimit ?? defaultHistoryLimit,
    failedBuildsHistoryLimit: bc.spec.failedBuildsHistoryLimit ?? defaultHistoryLimit,
    source: defaultSource(bc.spec.source ?? {}),
    strategy: defaultStrategy(bc.spec.strategy),
    ...(bc.spec.triggers && { triggers: defaultTriggers(bc.spec.triggers) }),
  };
  return { ...bc, spec, status: { ...bc.status, lastVersion: bc.status?.lastVersion ?? 0 } };
};
