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

  StageStarted: 'kiln.v1.stage.started',
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

/** Build log lines: one subject per build, so a reader follows exactly one build in order. */
export const LOG_SUBJECT_PREFIX = 'kiln.v1.log';
export const logSubject = (namespace: string, name: string): string =>
  `${LOG_SUBJECT_PREFIX}.${namespace}.${name}`;
