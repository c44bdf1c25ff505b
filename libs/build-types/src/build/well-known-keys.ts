/** Annotations the server writes on Builds and BuildConfigs. Renaming one breaks stored objects. */
export const BuildAnnotation = {
  /** On a Build: its BuildConfig's name. */
  BuildConfigName: 'openshift.io/build-config.name',
  /** On a Build: its number N (the `<n>` of `<bc>-<n>`). */
  BuildNumber: 'openshift.io/build.number',
  /** On a Build: the name of its pod, set by the controller. */
  BuildPodName: 'openshift.io/build.pod-name',
  /** On a cloned Build: the Build it was cloned from. */
  BuildCloneOf: 'openshift.io/build.clone-of',
  /** On a BuildConfig: `true` (any case) refuses instantiate and clone. */
  BuildConfigPaused: 'openshift.io/build-config.paused',
  /** On a Secret: a git URL pattern the Secret is auto-used for as `sourceSecret` (suffix `-<n>`). */
  SourceSecretMatchUriPrefix: 'build.openshift.io/source-secret-match-uri-',
} as const;
export type BuildAnnotation = (typeof BuildAnnotation)[keyof typeof BuildAnnotation];

/** Labels the server writes on Builds and build pods. */
export const BuildLabel = {
  /** On a Build: its BuildConfig's name (truncated to a valid label value). */
  BuildConfigName: 'openshift.io/build-config.name',
  /** Deprecated: the same as `BuildConfigName`, kept for old selectors. */
  BuildConfig: 'buildconfig',
  /** On a Build: the run policy copied from its BuildConfig. */
  BuildStartPolicy: 'openshift.io/build.start-policy',
  /** On a build pod: the Build's name. */
  BuildName: 'openshift.io/build.name',
} as const;
export type BuildLabel = (typeof BuildLabel)[keyof typeof BuildLabel];

/** Key of the webhook secret inside a trigger's `secretReference` Secret. */
export const webHookSecretKey = 'WebHookSecretKey';
