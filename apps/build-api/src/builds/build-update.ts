import { validateBuild, type Build, type BuildPhase } from '@kiln/build-types';
import { ApiError } from '../http/api-error.js';
import { deepEqual } from '../http/patch.js';
import { cancelledByUser, transition } from './build-transitions.js';

/** A user's cancel of a build that has not ended (undefined when it has). */
export function cancelled(build: Build, now: Date): Build | undefined {
  const next = transition(build, cancelledByUser(now));
  return next
    ? { ...next, status: { ...next.status, phase: 'Cancelled' as BuildPhase, cancelled: true } }
    : undefined;
}

/**
 * The build a PUT (or the result of a PATCH) leaves, as OpenShift's update validation allows: the
 * spec is immutable, labels and annotations may change, and `status.cancelled: true` cancels;
 * the rest of the status is the server's and is ignored. A stale resourceVersion is a 409.
 * Returns undefined when nothing changes.
 */
export function updatedBuild(
  current: Build,
  candidate: Record<string, unknown>,
  now: Date,
): Build | undefined {
  const name = current.metadata.name ?? '';
  // The status is not validated: all of it but `cancelled` is ignored.
  const { status, ...rest } = candidate as { status?: { cancelled?: unknown } };
  const result = validateBuild(rest);
  if (!result.ok) {
    throw ApiError.invalid('Build', name, result.errors);
  }
  const wanted = result.value;
  if (wanted.metadata.name !== name) {
    throw new ApiError(
      'BadRequest',
      `the name of the object (${wanted.metadata.name ?? ''}) does not match the name in the URL (${name})`,
    );
  }
  const version = wanted.metadata.resourceVersion;
  if (version && version !== current.metadata.resourceVersion) {
    throw new ApiError(
      'Conflict',
      `Operation cannot be fulfilled on builds.build.openshift.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, kind: 'builds', group: 'build.openshift.io' },
    );
  }
  if (!deepEqual(wanted.spec, current.spec)) {
    throw ApiError.invalid('Build', name, [
      {
        field: 'spec',
        message: 'field is immutable: only labels, annotations and status.cancelled may change',
      },
    ]);
  }
  const { labels: _labels, annotations: _annotations, ...metadata } = current.metadata;
  const { labels, annotations } = wanted.metadata;
  let next: Build = {
    ...current,
    metadata: {
      ...metadata,
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
  };
  if (status?.cancelled === true) {
    next = cancelled(next, now) ?? next;
  }
  return deepEqual(next, current) ? undefined : next;
}
