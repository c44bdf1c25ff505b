import {
  BuildAnnotation,
  inferStrategyType,
  type BuildConfig,
  type BuildStrategy,
} from '@kiln/build-types';

/** Which ways a BuildConfig's builds may be started, as OpenShift decides it. */

/** Paused (`openshift.io/build-config.paused: "true"`, any case): nothing starts it. */
export const isPaused = (config: BuildConfig): boolean =>
  config.metadata.annotations?.[BuildAnnotation.BuildConfigPaused]?.toLowerCase() === 'true';

/**
 * Whether the BuildConfig builds from an upload (`spec.source.binary`). Such a config starts only
 * by instantiatebinary or a manual instantiate: a trigger has no upload to give it. The binary
 * field decides, `source.type` being informational; a stored `type: Binary` without it (defaulting
 * adds `binary: {}` on create) counts too.
 */
export const hasBinarySource = (config: BuildConfig): boolean =>
  Boolean(config.spec?.source?.binary) || config.spec?.source?.type === 'Binary';

/**
 * A JenkinsPipeline spec (of a BuildConfig or a Build): accepted and stored, as upstream leaves
 * such builds to an external Jenkins, but no Kiln worker runs one, so its builds fail at once.
 */
export const hasUnsupportedStrategy = (spec: { strategy?: BuildStrategy | null }): boolean =>
  inferStrategyType(spec.strategy ?? {}) === 'JenkinsPipeline';

/** The webhook answer for such a config (400): what to use instead. */
export const binaryWebhookRefusal = (config: BuildConfig): string =>
  `BuildConfig ${config.metadata.namespace ?? ''}/${config.metadata.name ?? ''} has a binary source: start it with instantiatebinary (e.g. oc start-build --from-dir), not a webhook`;
