import type { StatusReason } from './status-reason.js';

/**
 * OpenShift's canonical `status.message` for each reason. Absent where upstream writes none or
 * a situational one (`Error`, `BuildPodEvicted` copies the pod's message).
 */
export const statusReasonMessages = {
  CannotCreateBuildPodSpec: 'Failed to create pod spec.',
  CannotCreateBuildPod: 'Failed creating build pod.',
  InvalidOutputReference: 'Output image could not be resolved.',
  InvalidImageReference: 'Referenced image could not be resolved.',
  CancelBuildFailed: 'Failed to cancel build.',
  BuildPodDeleted: 'The pod for this build was deleted before the build completed.',
  ExceededRetryTimeout: 'Build did not complete and retrying timed out.',
  DeadlineExceeded: 'Pod was active on the node longer than the specified deadline',
  MissingPushSecret: 'Missing push secret.',
  PostCommitHookFailed: 'Build failed because of post commit hook.',
  PushImageToRegistryFailed: 'Failed to push the image to the registry.',
  PullBuilderImageFailed: 'Failed pulling builder image.',
  FetchSourceFailed: 'Failed to fetch the input source.',
  FetchImageContentFailed: 'Failed to extract image content.',
  ManageDockerfileFailed: 'Failed to prepare the dockerfile for the build.',
  InvalidContextDirectory: 'The supplied context directory does not exist.',
  CancelledBuild: 'The build was cancelled by the user.',
  DockerBuildFailed: 'Dockerfile build strategy has failed.',
  BuildPodExists: 'The pod for this build already exists and is older than the build.',
  NoBuildContainerStatus:
    'The pod for this build has no container statuses indicating success or failure.',
  FailedContainer: 'The pod for this build has at least one container with a non-zero exit status.',
  UnresolvableEnvironmentVariable: 'Unable to resolve build environment variable reference.',
  GenericBuildFailed: 'Generic Build failure - check logs for details.',
  OutOfMemoryKilled: 'The build pod was killed due to an out of memory condition.',
  CannotRetrieveServiceAccount: 'Unable to look up the service account secrets for this build.',
  AssembleUserForbidden: 'Assemble user for S2I build is forbidden.',
  UnsupportedBuildStrategy: 'Kiln does not run JenkinsPipeline builds.',
} as const satisfies Partial<Record<StatusReason, string>>;

/** The canonical message of any reason, when OpenShift has one. */
export const statusMessageOf = (reason: StatusReason): string | undefined =>
  (statusReasonMessages as Partial<Record<StatusReason, string>>)[reason];
