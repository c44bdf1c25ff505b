import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** Coarse stages recorded in `status.stages`. */
export const StageName = {
  FetchInputs: 'FetchInputs',
  PullImages: 'PullImages',
  Build: 'Build',
  PostCommit: 'PostCommit',
  PushImage: 'PushImage',
} as const;
export type StageName = (typeof StageName)[keyof typeof StageName];

/**
 * Steps inside a stage: OpenShift's names, then Kiln's own for work the farm does that an
 * OpenShift build pod does not (moving the source and the image between machines through the
 * farm's registry, generating the Dockerfile in its own service). StepName is a plain string in
 * OpenShift's API, so clients decoding a Build (oc, client-go) show Kiln's steps as they are.
 */
export const StepName = {
  FetchGitSource: 'FetchGitSource',
  /** One per base image pulled (Docker bases, the S2I builder image). */
  PullBaseImage: 'PullBaseImage',
  /** The previous output image of an incremental S2I build. */
  PullInputImage: 'PullInputImage',
  DockerBuild: 'DockerBuild',
  /** The push step of S2I (and Custom) builds. */
  PushImage: 'PushImage',
  /** The push step of Docker builds. */
  PushDockerImage: 'PushDockerImage',
  RunPostCommitHook: 'RunPostCommitHook',
  /** Kiln: the fetched source packed and stored as a bundle in the farm's registry. */
  StoreSourceBundle: 'StoreSourceBundle',
  /** Kiln: the Dockerfile generated (Docker rewrite or S2I) by the dockerfile-generator. */
  GenerateDockerfile: 'GenerateDockerfile',
  /** Kiln: the bundle pulled and extracted on the builder's machine. */
  PullSourceBundle: 'PullSourceBundle',
  /** Kiln: a Custom-strategy builder image run. */
  CustomBuild: 'CustomBuild',
  /** Kiln: the built image stored in the farm's staging repository, for the pusher. */
  StoreStagingImage: 'StoreStagingImage',
} as const;
export type StepName = (typeof StepName)[keyof typeof StepName];

/** The stage each step is recorded under in `status.stages`. */
export const stageOfStep: Readonly<Record<StepName, StageName>> = {
  FetchGitSource: 'FetchInputs',
  StoreSourceBundle: 'FetchInputs',
  GenerateDockerfile: 'FetchInputs',
  PullSourceBundle: 'FetchInputs',
  PullBaseImage: 'PullImages',
  PullInputImage: 'PullImages',
  DockerBuild: 'Build',
  CustomBuild: 'Build',
  RunPostCommitHook: 'PostCommit',
  StoreStagingImage: 'PushImage',
  PushImage: 'PushImage',
  PushDockerImage: 'PushImage',
};

/** One timed step. */
export const stepInfoSchema = z.looseObject({
  /** Step name. */
  name: z.enum(StepName),
  /** RFC 3339 start time. */
  startTime: opt(z.string()),
  /** How long the step took. */
  durationMilliseconds: opt(z.number().int()),
});
export type StepInfo = z.infer<typeof stepInfoSchema>;

/** One timed stage; its duration runs from its start to the end of its latest step. */
export const stageInfoSchema = z.looseObject({
  /** Stage name. */
  name: z.enum(StageName),
  /** RFC 3339 start time. */
  startTime: opt(z.string()),
  /** How long the stage took. */
  durationMilliseconds: opt(z.number().int()),
  /** Steps in the order they ran. */
  steps: opt(z.array(stepInfoSchema)),
});
export type StageInfo = z.infer<typeof stageInfoSchema>;
