import type { Build, EnvVar as ApiEnvVar } from '@kiln/build-types';
import {
  objectKey,
  objectValue,
  type ObjectRef,
  type ResolvedObjects,
} from '../object-resolver.js';
import { resolveEnvReferences, type ResolvedEnvVar } from './resolve-env-references.js';

export type EnvResolution = { ok: true; env: ResolvedEnvVar[] } | { ok: false; message: string };

/**
 * The Secrets and ConfigMaps an env list reads through valueFrom. An optional selector may
 * name an object that does not exist, so only the required ones are listed: asking for a
 * missing one fails the whole request.
 */
export function envObjectRefs(env: readonly ApiEnvVar[]): ObjectRef[] {
  return env.flatMap((e): ObjectRef[] => {
    const from = e.valueFrom;
    if ((from?.secretKeyRef ?? from?.configMapKeyRef)?.optional === true) {
      return [];
    }
    if (from?.secretKeyRef?.name) {
      return [{ kind: 'Secret', name: from.secretKeyRef.name }];
    }
    if (from?.configMapKeyRef?.name) {
      return [{ kind: 'ConfigMap', name: from.configMapKeyRef.name }];
    }
    return [];
  });
}

const FIELD_PATH = /^metadata\.(labels|annotations)\['([^']+)'\]$/;

/** The downward-API fields a build's env may read, taken from the Build itself. */
function fieldValue(build: Build, path: string): string | undefined {
  switch (path) {
    case 'metadata.name':
      return build.metadata.name ?? undefined;
    case 'metadata.namespace':
      return build.metadata.namespace ?? undefined;
    case 'metadata.uid':
      return build.metadata.uid ?? undefined;
    default: {
      const match = FIELD_PATH.exec(path);
      const map = match?.[1] === 'labels' ? build.metadata.labels : build.metadata.annotations;
      return match ? (map?.[match[2] ?? ''] ?? '') : undefined;
    }
  }
}

/**
 * Resolves valueFrom (secretKeyRef, configMapKeyRef, fieldRef) against objects fetched from the
 * build's namespace, then `$(VAR)` references as Kubernetes does. A missing key fails the
 * build (UnresolvableEnvironmentVariable) unless the selector is optional; the message names
 * the variable and the reference, never a value.
 */
export function resolveBuildEnv(
  env: readonly ApiEnvVar[],
  objects: ResolvedObjects,
  build: Build,
): EnvResolution {
  const resolved: ResolvedEnvVar[] = [];
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      resolved.push({ name: e.name, value: e.value ?? '' });
      continue;
    }
    const selector = from.secretKeyRef ?? from.configMapKeyRef;
    if (selector) {
      const kind = from.secretKeyRef ? 'Secret' : 'ConfigMap';
      const value = objectValue(
        objects.get(objectKey({ kind, name: selector.name ?? '' })),
        selector.key,
      );
      if (value === undefined) {
        if (selector.optional === true) {
          continue;
        }
        return {
          ok: false,
          message: `env ${e.name}: key "${selector.key}" not found in ${kind} "${selector.name ?? ''}"`,
        };
      }
      resolved.push(
        from.secretKeyRef ? { name: e.name, value, secret: true } : { name: e.name, value },
      );
    } else if (from.fieldRef) {
      const value = fieldValue(build, from.fieldRef.fieldPath);
      if (value === undefined) {
        return {
          ok: false,
          message: `env ${e.name}: field ${from.fieldRef.fieldPath} is not available to builds`,
        };
      }
      resolved.push({ name: e.name, value });
    } else {
      return { ok: false, message: `env ${e.name}: unsupported valueFrom` };
    }
  }
  return { ok: true, env: resolveEnvReferences(resolved) };
}
