import { ApiError } from './api-error.js';
import { parseBool } from './list-query.js';

export type DeleteOptions = {
  /** Keep the dependents (a BuildConfig's builds) instead of deleting them. */
  orphan: boolean;
  preconditions: { uid?: string; resourceVersion?: string };
};

const POLICIES = ['Orphan', 'Background', 'Foreground'];

/**
 * DeleteOptions from the query and/or a JSON body, as kubectl sends them: `propagationPolicy`
 * (Orphan, Background, Foreground) or the older `orphanDependents`, and `preconditions`.
 * `dryRun` is refused rather than ignored: ignoring it would delete for real.
 */
export function parseDeleteOptions(query: Record<string, unknown>, body: unknown): DeleteOptions {
  const options = (body !== null && typeof body === 'object' ? body : {}) as {
    propagationPolicy?: unknown;
    orphanDependents?: unknown;
    dryRun?: unknown;
    preconditions?: { uid?: unknown; resourceVersion?: unknown } | null;
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const policy = text(options.propagationPolicy) ?? text(query.propagationPolicy);
  const orphanDependents =
    typeof options.orphanDependents === 'boolean'
      ? options.orphanDependents
      : parseBool('orphanDependents', text(query.orphanDependents));
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw new ApiError('Invalid', `propagationPolicy: Unsupported value: "${policy}"`, {
      causes: [{ field: 'propagationPolicy', message: `supported values: ${POLICIES.join(', ')}` }],
    });
  }
  if (policy !== undefined && orphanDependents !== undefined) {
    throw new ApiError('Invalid', 'orphanDependents and propagationPolicy cannot both be set');
  }
  const dryRun = options.dryRun ?? query.dryRun;
  if (dryRun !== undefined && !(Array.isArray(dryRun) && dryRun.length === 0)) {
    throw new ApiError('BadRequest', 'dryRun is not supported by this server');
  }
  return {
    orphan: policy === 'Orphan' || orphanDependents === true,
    preconditions: {
      uid: text(options.preconditions?.uid),
      resourceVersion: text(options.preconditions?.resourceVersion),
    },
  };
}

/** 409 when the object is not the one the client meant to delete, as in Kubernetes. */
export function checkPreconditions(
  kind: string,
  name: string,
  preconditions: DeleteOptions['preconditions'],
  actual: { uid?: string | null; resourceVersion?: string | null },
): void {
  const mismatch = (field: string, wanted: string, got: string | null | undefined) =>
    new ApiError(
      'Conflict',
      `Precondition failed for ${kind.toLowerCase()}s "${name}": ${field} in precondition: ${wanted}, ${field} in object meta: ${got ?? ''}`,
      { name, kind },
    );
  const { uid, resourceVersion } = preconditions;
  if (uid !== undefined && uid !== actual.uid) {
    throw mismatch('UID', uid, actual.uid);
  }
  if (resourceVersion !== undefined && resourceVersion !== actual.resourceVersion) {
    throw mismatch('ResourceVersion', resourceVersion, actual.resourceVersion);
  }
}
