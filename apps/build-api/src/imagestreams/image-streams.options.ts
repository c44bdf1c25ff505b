export const IMAGE_STREAMS_OPTIONS = Symbol('IMAGE_STREAMS_OPTIONS');

/** The settings of image streams, from build-api's config. */
export type ImageStreamsOptions = {
  /** The farm registry (`host:port`): every stream is `<registryHost>/<namespace>/<name>`. */
  registryHost: string;
  /** The bearer token the farm registry sends with notifications; none: notifications refused. */
  notificationToken?: string;
  /** How often each stream is compared with the farm registry, and triggers re-checked. */
  resyncSeconds: number;
  /** How often spec tags with `importPolicy.scheduled` are imported again. */
  importIntervalSeconds: number;
};
