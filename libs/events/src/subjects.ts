/**
 * Every NATS subject of the farm, in one place.
 *
 * Renaming a subject breaks work in flight (messages already stored under the old name are never
 * consumed): add a v2 subject instead and retire v1 once drained.
 */
export const Subjects = {
  /** build-api: a build was created and its work may start. */
  BuildRequested: 'kiln.v1.build.requested',
  /** build-api: a build moved to another phase. */
  BuildPhaseChanged: 'kiln.v1.build.phase-changed',
  /** build-api: a user asked to cancel a build; every worker holding it stops. */
  BuildCancelRequested: 'kiln.v1.build.cancel-requested',
  /** build-api: a build ended Complete, its image pushed (with the phase change, not instead). */
  BuildCompleted: 'kiln.v1.build.completed',
  /** build-api: a build ended Failed or Error, with its reason and message. */
  BuildFailed: 'kiln.v1.build.failed',
  /** build-api: a build ended Cancelled. */
  BuildCancelled: 'kiln.v1.build.cancelled',

  /** A worker took a build's job: its stage started. */
  StageStarted: 'kiln.v1.stage.started',
  /** A worker is done with a build's job, either way: its stage's timing. */
  StageFinished: 'kiln.v1.stage.finished',
  SourceFetched: 'kiln.v1.stage.source.fetched',
  SourceFetchFailed: 'kiln.v1.stage.source.failed',
  DockerfileGenerated: 'kiln.v1.stage.dockerfile.generated',
  DockerfileGenerationFailed: 'kiln.v1.stage.dockerfile.failed',
  ImageBuilt: 'kiln.v1.stage.image.built',
  ImageBuildFailed: 'kiln.v1.stage.image.failed',
  ImagePushed: 'kiln.v1.stage.push.pushed',
  ImagePushFailed: 'kiln.v1.stage.push.failed',
  /**
   * A worker: I am still working on this build's stage. Published periodically while a job runs;
   * build-api records the last one, and a build silent for too long is ended by its watchdog.
   */
  BuildHeartbeat: 'kiln.v1.stage.heartbeat',
} as const;

export type Subject = (typeof Subjects)[keyof typeof Subjects];

/**
 * Request/reply subjects (core NATS, not in any stream: a reply carrying secret values is never
 * stored). `Internal` ones are for farm services only; in production, NATS account permissions
 * keep platforms off them. `Api` ones are the NATS face of the REST API for platforms.
 */
export const RpcSubjects = {
  /** A worker asks build-api for Secrets/ConfigMaps of the build's namespace. */
  ResolveObjects: 'kiln.v1.internal.resolve-objects',
  /** Start a build of a BuildConfig, as `POST …/buildconfigs/{name}/instantiate`. */
  ApiInstantiate: 'kiln.v1.api.instantiate',
  /** Read one build, as `GET …/builds/{name}`. */
  ApiGetBuild: 'kiln.v1.api.get-build',
  /** Cancel a build, as `PUT …/builds/{name}` with `status.cancelled: true`. */
  ApiCancelBuild: 'kiln.v1.api.cancel-build',
  /** List the builds of a namespace, as `GET …/builds`. */
  ApiListBuilds: 'kiln.v1.api.list-builds',
  /** Store a BuildConfig, as `POST …/buildconfigs`. */
  ApiCreateBuildConfig: 'kiln.v1.api.create-buildconfig',
  /** Read one BuildConfig, as `GET …/buildconfigs/{name}`. */
  ApiGetBuildConfig: 'kiln.v1.api.get-buildconfig',
  /** Replace a BuildConfig, as `PUT …/buildconfigs/{name}`: a stale resourceVersion is a 409. */
  ApiReplaceBuildConfig: 'kiln.v1.api.replace-buildconfig',
  /** Delete a BuildConfig and its builds (or only it, with Orphan), as `DELETE …/buildconfigs/{name}`. */
  ApiDeleteBuildConfig: 'kiln.v1.api.delete-buildconfig',
  /** List the BuildConfigs of a namespace, as `GET …/buildconfigs`. */
  ApiListBuildConfigs: 'kiln.v1.api.list-buildconfigs',
  /** Start a new build from a build's spec, as `POST …/builds/{name}/clone`. */
  ApiCloneBuild: 'kiln.v1.api.clone-build',
  /** Read a build's log as it is now, as `GET …/builds/{name}/log` without `follow`. */
  ApiGetBuildLog: 'kiln.v1.api.get-build-log',
} as const;

/** Build log lines: one subject per build, so a reader follows exactly one build in order. */
export const LOG_SUBJECT_PREFIX = 'kiln.v1.log';
export const logSubject = (namespace: string, name: string): string =>
  `${LOG_SUBJECT_PREFIX}.${namespace}.${name}`;
