import type { RpcSubjects } from '../rpc.js';
import type { Subjects } from '../subjects.js';

type Summary = { summary: string; publishedBy: string };

/**
 * What each event says and who publishes it: the words of the document. Keyed like `Subjects`,
 * so a new subject does not typecheck until it is described here.
 */
export const eventSummaries: Record<keyof typeof Subjects, Summary> = {
  BuildRequested: {
    summary: 'A build was created and its work may start.',
    publishedBy: 'build-api',
  },
  BuildPhaseChanged: { summary: 'A build moved to another phase.', publishedBy: 'build-api' },
  BuildCancelRequested: {
    summary: 'A user asked to cancel a build; every worker holding it stops.',
    publishedBy: 'build-api',
  },
  BuildCompleted: {
    summary: 'A build ended Complete: where its image went, its digest and how long it took.',
    publishedBy: 'build-api',
  },
  BuildFailed: {
    summary: 'A build ended Failed or Error: its reason, message and log snippet.',
    publishedBy: 'build-api',
  },
  BuildCancelled: { summary: 'A build ended Cancelled.', publishedBy: 'build-api' },
  StageStarted: { summary: 'A worker started its stage of a build.', publishedBy: 'every worker' },
  StageFinished: {
    summary: 'A worker finished its stage of a build, succeeded or failed, with its timing.',
    publishedBy: 'every worker',
  },
  SourceFetched: {
    summary: 'The source of a build was fetched into a bundle in the artifact store.',
    publishedBy: 'source-fetcher',
  },
  SourceFetchFailed: {
    summary: 'Fetching the source of a build failed.',
    publishedBy: 'source-fetcher',
  },
  DockerfileGenerated: {
    summary: 'The Dockerfile of a build (or its custom builder job) was generated.',
    publishedBy: 'dockerfile-generator',
  },
  DockerfileGenerationFailed: {
    summary: 'Generating the Dockerfile of a build failed.',
    publishedBy: 'dockerfile-generator',
  },
  ImageBuilt: {
    summary: 'The image of a build was built into the staging repository of the farm registry.',
    publishedBy: 'builder',
  },
  ImageBuildFailed: { summary: 'Building the image of a build failed.', publishedBy: 'builder' },
  ImagePushed: { summary: 'The image of a build was pushed to its output.', publishedBy: 'pusher' },
  ImagePushFailed: { summary: 'Pushing the image of a build failed.', publishedBy: 'pusher' },
  BuildHeartbeat: {
    summary:
      'A worker is still working on its stage of a build; build-api ends a build silent for too long.',
    publishedBy: 'every worker, periodically while a job runs',
  },
};

/** What each request/reply call does, keyed like `RpcSubjects`. */
export const rpcSummaries: Record<keyof typeof RpcSubjects, string> = {
  ResolveObjects:
    "A worker asks build-api for Secrets and ConfigMaps of the build's namespace (farm services only).",
  ApiInstantiate: 'Start a build of a BuildConfig, as `POST …/buildconfigs/{name}/instantiate`.',
  ApiGetBuild: 'Read one build, as `GET …/builds/{name}`.',
  ApiCancelBuild: 'Cancel a build, as `PUT …/builds/{name}` with `status.cancelled: true`.',
  ApiListBuilds: 'List the builds of a namespace, as `GET …/builds`.',
  ApiCreateBuildConfig: 'Store a BuildConfig, as `POST …/buildconfigs`.',
  ApiGetBuildConfig: 'Read one BuildConfig, as `GET …/buildconfigs/{name}`.',
  ApiReplaceBuildConfig:
    'Replace a BuildConfig, as `PUT …/buildconfigs/{name}`; a stale `metadata.resourceVersion` is a 409 Conflict.',
  ApiDeleteBuildConfig:
    'Delete a BuildConfig and its builds (with `propagationPolicy: Orphan`, keep the builds), as `DELETE …/buildconfigs/{name}`.',
  ApiListBuildConfigs:
    'List the BuildConfigs of a namespace (labelSelector, limit/continue), as `GET …/buildconfigs`.',
  ApiCloneBuild: "Start a new build from a build's spec, as `POST …/builds/{name}/clone`.",
  ApiGetBuildLog:
    "Read a build's log as it is now (tailLines, limitBytes, sinceSeconds/sinceTime, timestamps), as `GET …/builds/{name}/log` without `follow`: a reply has no stream.",
};
