/**
 * The closed list of `Build.status.reason` values: OpenShift's, the source-to-image reasons the
 * builder copies through verbatim, and Kiln's own (marked). Renaming one breaks stored builds.
 */
export const StatusReason = {
  Error: 'Error',
  CannotCreateBuildPodSpec: 'CannotCreateBuildPodSpec',
  CannotCreateBuildPod: 'CannotCreateBuildPod',
  InvalidOutputReference: 'InvalidOutputReference',
  InvalidImageReference: 'InvalidImageReference',
  CancelBuildFailed: 'CancelBuildFailed',
  BuildPodDeleted: 'BuildPodDeleted',
  ExceededRetryTimeout: 'ExceededRetryTimeout',
  /** completionDeadlineSeconds passed (the build pod's activeDeadlineSeconds reason, as OpenShift copies it). */
  DeadlineExceeded: 'DeadlineExceeded',
  MissingPushSecret: 'MissingPushSecret',
  /** OpenShift 3 only; OpenShift 4 reports a failing hook as the strategy's build failure. */
  PostCommitHookFailed: 'PostCommitHookFailed',
  PushImageToRegistryFailed: 'PushImageToRegistryFailed',
  PullBuilderImageFailed: 'PullBuilderImageFailed',
  FetchSourceFailed: 'FetchSourceFailed',
  FetchImageContentFailed: 'FetchImageContentFailed',
  ManageDockerfileFailed: 'ManageDockerfileFailed',
  InvalidContextDirectory: 'InvalidContextDirectory',
  CancelledBuild: 'CancelledBuild',
  DockerBuildFailed: 'DockerBuildFailed',
  BuildPodExists: 'BuildPodExists',
  NoBuildContainerStatus: 'NoBuildContainerStatus',
  FailedContainer: 'FailedContainer',
  UnresolvableEnvironmentVariable: 'UnresolvableEnvironmentVariable',
  GenericBuildFailed: 'GenericBuildFailed',
  OutOfMemoryKilled: 'OutOfMemoryKilled',
  CannotRetrieveServiceAccount: 'CannotRetrieveServiceAccount',
  BuildPodEvicted: 'BuildPodEvicted',
  /** source-to-image: the builder image's assemble user is outside the allowed UIDs. */
  AssembleUserForbidden: 'AssembleUserForbidden',
  /** source-to-image: a `scripts` URL yielded no script. */
  FetchScriptsFailed: 'FetchScriptsFailed',
  /** source-to-image: writing the generated Dockerfile failed. */
  DockerFileCreationFailed: 'DockerFileCreationFailed',
  /** source-to-image: copying sources or injections failed. */
  FileSystemOperationFailed: 'FileSystemOperationFailed',
  /** source-to-image: any other generation failure. */
  GenericS2IBuildFailed: 'GenericS2IBuildFailed',
  /** Kiln's own: the strategy (JenkinsPipeline) is accepted but never run by Kiln. */
  UnsupportedBuildStrategy: 'UnsupportedBuildStrategy',
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

/** Every reason, for schemas and exhaustive tests. */
export const statusReasons = Object.values(StatusReason) as [StatusReason, ...StatusReason[]];

/** Reasons that Kiln adds to OpenShift's list. */
export const kilnStatusReasons: readonly StatusReason[] = [StatusReason.UnsupportedBuildStrategy];
