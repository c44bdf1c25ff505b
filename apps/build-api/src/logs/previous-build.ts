import { BuildAnnotation, type Build } from '@kiln/build-types';
import { ApiError } from '../http/api-error.js';

/**
 * The build whose log `previous=true` shows, as OpenShift finds it: `<bc>-<N-1>`, where N is
 * this build's `openshift.io/build.number` and `<bc>` its BuildConfig's name. A build without a
 * number (a clone whose BuildConfig was gone) or the first of its config has none: 400, since
 * it is the request that cannot be met, not a missing resource it named.
 */
export function previousBuildName(build: Build): string {
  const name = build.metadata.name ?? '';
  const config =
    build.metadata.annotations?.[BuildAnnotation.BuildConfigName] ?? build.status?.config?.name;
  const number = Number(build.metadata.annotations?.[BuildAnnotation.BuildNumber] ?? NaN);
  if (!config || !Number.isSafeInteger(number)) {
    throw noPrevious(name, 'it was not numbered by a BuildConfig');
  }
  if (number <= 1) {
    throw noPrevious(name, `it is the first build of BuildConfig "${config}"`);
  }
  return `${config}-${number - 1}`;
}

export const noPrevious = (name: string, why: string): ApiError =>
  new ApiError('BadRequest', `build "${name}" has no previous build: ${why}`, {
    name,
    group: 'build.openshift.io',
    kind: 'builds',
  });
