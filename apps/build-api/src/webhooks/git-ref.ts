import type { BuildConfig } from '@kiln/build-types';

const HEADS = 'refs/heads/';

/** OpenShift builds `master` for a webhook when the BuildConfig names no git ref. */
export const DEFAULT_CONFIG_REF = 'master';

const branch = (ref: string): string => (ref.startsWith(HEADS) ? ref.slice(HEADS.length) : ref);

/** The ref a BuildConfig builds, as webhooks compare it. */
export function configRef(config: BuildConfig): string {
  return branch(config.spec?.source?.git?.ref || DEFAULT_CONFIG_REF);
}

/** Upstream's GitRefMatches: both sides compared with `refs/heads/` stripped. */
export function gitRefMatches(eventRef: string, config: BuildConfig): boolean {
  return branch(eventRef) === configRef(config);
}

/** The skip message for a push to a branch the BuildConfig does not build. */
export function otherRefMessage(eventRef: string, config: BuildConfig): string {
  const { namespace, name } = config.metadata;
  return `skipping build for BuildConfig ${namespace ?? ''}/${name ?? ''}: branch reference from "${eventRef}" does not match configuration ("${configRef(config)}")`;
}
